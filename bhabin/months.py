"""The month a page or a form opens on when none is asked for: the latest whole month that has
visits in the user's scope, not the current one.

A month still under way says little (in the demo it holds the one visit seeded "today"), and a
report of it would be a report of zeros; so the default is the latest month before the current
one with a visit in the unit's areas, and the current month only when no earlier month has any.
The page says which month it chose and why (`default_month_note`).
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bhabin.models import AreaMonth
from org.periods import month_of


def latest_visit_month(user, root, before):
    """The first day of the latest month with a visit before `before` (the first day of a
    month) in the areas of `root` and the units below it, or None.

    One query on the monthly aggregates, in the plan that suits the scope: for a top unit (a
    Polda) the newest rows first through the (month, area) index, which stops within a few rows;
    for a Polres or a Polsek the maximum over their own areas through the (area, month) index,
    since newest-first would walk every other unit's rows of each month first.
    """
    if before.day != 1:
        raise ValueError("`before` must be the first day of a month.")
    rows = AreaMonth.objects.visible_to(user).filter(root.subtree("area__unit"), month__lt=before)
    if root.parent_id is None:
        return rows.order_by("-month").values_list("month", flat=True).first()
    return rows.aggregate(latest=Max("month"))["latest"]


def default_month(user, root, today=None):
    """(first day of the month to open on, whether it is the latest month with visits rather
    than the current month). One query."""
    current = month_of(today or timezone.localdate())
    latest = latest_visit_month(user, root, current)
    if latest is None:
        return current, False
    return latest, True


def default_month_note(month, has_data):
    """The sentence that says which month a page opened on, and why."""
    name = date_format(month, "F Y")
    if has_data:
        return _("Showing %(month)s, the latest whole month with visits in your units.") % {
            "month": name
        }
    return _("Showing the current month, %(month)s: no earlier month has visits.") % {"month": name}
