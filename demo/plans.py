"""One MOTUL plan per Polres in the demo, so that leadership finds a plan to read: for the areas
with the most conflict incidents in the latest year of incidents, the month after it."""

import datetime

from django.db.models import Count, Max

from bhabin.models import Activity, AssistedArea
from conflicts.models import Incident
from motul import plans as motul
from motul.models import MotulPlan
from org.models import PoliceUnit
from personnel.models import User

PLAN_AREAS = 3
TITLE = "Pencegahan konflik sosial di wilayah rawan {year}"


def motul_plans_seed():
    """For each Polres with a Kasat Binmas login and incidents: a plan, unless it has one with
    the demo's title already (the seed is idempotent)."""
    for polres in PoliceUnit.objects.filter(level=PoliceUnit.Level.POLRES):
        kasat = User.objects.filter(role=User.Role.KASAT_BINMAS, unit=polres).order_by("pk").first()
        incidents = Incident.objects.filter(polres.subtree("unit"), area__isnull=False)
        latest = incidents.aggregate(latest=Max("occurred_on"))["latest"]
        if kasat is None or latest is None:
            continue
        title = TITLE.format(year=latest.year + 1)
        if MotulPlan.objects.filter(unit=polres, title=title).exists():
            continue
        counted = (
            incidents.filter(occurred_on__year=latest.year)
            .values("area")
            .annotate(n=Count("pk"))
            .order_by("-n", "area")[:PLAN_AREAS]
        )
        areas = AssistedArea.objects.filter(pk__in=[row["area"] for row in counted])
        motul.motul_plan_create(
            user=kasat,
            title=title,
            objective=(
                "Menurunkan jumlah konflik sosial di wilayah dengan kejadian terbanyak melalui "
                "sambang, penyuluhan, dan problem solving bersama tokoh masyarakat."
            ),
            planned_on=datetime.date(latest.year + 1, 1, 15),
            areas=areas.select_related("unit"),
            activity=Activity.objects.filter(code="penyuluhan").first(),
        )
