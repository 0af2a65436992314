"""The demo opens on the latest whole month with visits (not on the month of the visit seeded
"today"), and leadership finds a MOTUL plan per Polres to read."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from bhabin.models import AreaMonth
from motul.models import MotulPlan
from org.models import PoliceUnit
from personnel.models import User


def test_the_dashboard_and_the_report_form_open_on_the_latest_month_with_visits(client, demo_db):
    this_month = timezone.localdate().replace(day=1)
    latest = AreaMonth.objects.filter(month__lt=this_month).aggregate(m=Max("month"))["m"]
    # The live slice put visits in this month: they must not decide.
    assert AreaMonth.objects.filter(month=this_month).exists()
    client.force_login(User.objects.get(username="kasat"))
    dashboard = client.get(reverse("dashboard:overview"))
    assert dashboard.status_code == 200
    assert dashboard.context["period"].start == latest
    assert dashboard.context["totals"]["visits"] > 0
    form = client.get(reverse("monthly:index"))
    assert form.context["form"].initial["period"] == f"{latest:%Y-%m}"


def test_every_polres_has_a_motul_plan_that_leadership_reads_but_cannot_change(client, demo_db):
    polres = PoliceUnit.objects.filter(level=PoliceUnit.Level.POLRES)
    plans = MotulPlan.objects.filter(unit__in=polres)
    assert sorted(plans.values_list("unit", flat=True)) == sorted(
        polres.values_list("pk", flat=True)
    )
    plan = plans.first()
    assert plan.areas.count() == 3 and plan.steps.count() == 7
    client.force_login(User.objects.get(username="pimpinan"))
    listed = client.get(reverse("motul:list"))
    assert plan.title in listed.content.decode()
    page = client.get(reverse("motul:edit", args=[plan.pk]))
    assert page.status_code == 200
    assert b"<textarea" not in page.content
    assert client.post(reverse("motul:edit", args=[plan.pk]), {}).status_code == 403
