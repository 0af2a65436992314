"""The incidents per unit and month (`conflicts.UnitIncidentMonth`), which the dashboards read,
stay equal to a recount of the incidents whatever writes them: the importer, the admin, the
refresh command; a unit moved to another parent changes no row; and the dashboard's figures
from them equal a count of the incidents over whole and partial months, before and after a
move."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import RequestFactory

from conflicts.models import ConflictCategory, Incident, UnitIncidentMonth
from conflicts.services import incident_months_expected
from dashboard import selectors as sel
from imports.services import import_file
from org.models import PoliceUnit
from org.periods import Period
from org.scoping import COMMAND_LINE
from org.services import unit_save
from recaps.selectors import recap_units, rollup_for
from tests.factories import IncidentFactory, PoliceUnitFactory, UserFactory
from tests.imports.test_kind_incidents import HEADER, row, sheet

D = datetime.date


def stored():
    return sorted(
        UnitIncidentMonth.objects.values_list("unit_id", "month", "category_id", "incidents")
    )


@pytest.fixture
def categories(db):
    return list(ConflictCategory.objects.order_by("sort_order")[:2])


@pytest.fixture
def incidents(polsek_a, polsek_b, polres, categories):
    first, second = categories
    placed = [
        (polsek_a, D(2024, 1, 31), first),
        (polsek_a, D(2024, 2, 1), first),
        (polsek_a, D(2024, 3, 2), second),
        (polsek_a, D(2024, 3, 31), first),
        (polsek_b, D(2024, 3, 1), first),
        (polsek_b, D(2024, 4, 10), second),
        (polres, D(2024, 3, 15), second),  # the Polres HQ's own
        (polsek_b, D(2023, 3, 20), first),  # a year earlier
        (polsek_a, D(2024, 2, 29), second),
    ]
    return [
        IncidentFactory(unit=unit, occurred_on=day, category=category)
        for unit, day, category in placed
    ]


def test_a_units_row_counts_its_own_incidents_and_the_subtree_adds_them_up(
    incidents, kasat, polres, polsek_a
):
    polda = polres.parent
    march = D(2024, 3, 1)

    def own(unit):
        rows = UnitIncidentMonth.objects.filter(unit=unit, month=march)
        return sum(rows.values_list("incidents", flat=True))

    assert (own(polsek_a), own(polres), own(polda)) == (2, 1, 0)
    assert stored() == incident_months_expected()
    assert sel.incidents_per_month(kasat, polres, 2024)[2] == 4


def test_importing_incidents_and_moving_one_by_a_second_import_keeps_the_totals(
    polres, polsek_a, polsek_b, area_a1, area_b1
):
    header = [*HEADER, "NO LP"]
    first = sheet(
        row(1, date="2022-03-04") + ["LP/1"],
        row(2, date="2022-04-05", place="Desa B1", unit="POLSEK B", officer="") + ["LP/2"],
        header=header,
    )
    import_file(kind="incidents", data=first, filename="k.csv", unit=polres, options={})
    assert stored() == incident_months_expected()
    assert len(stored()) == 2  # one Polsek's March, the other's April

    # The same report, now dated in May and placed in the other Polsek.
    moved = sheet(
        row(1, date="2022-05-06", place="Desa B1", unit="POLSEK B", officer="") + ["LP/1"],
        header=header,
    )
    result = import_file(kind="incidents", data=moved, filename="k.csv", unit=polres, options={})

    assert result.batch.rows_updated == 1
    assert Incident.objects.get(reference="LP/1").occurred_on == D(2022, 5, 6)
    assert stored() == incident_months_expected()
    assert not UnitIncidentMonth.objects.filter(month=D(2022, 3, 1)).exists()


def test_the_admin_keeps_the_totals_when_an_incident_is_moved_added_or_deleted(
    incidents, kasat, polsek_b
):
    admin = site._registry[Incident]
    request = RequestFactory().post("/")
    request.user = kasat
    moved = incidents[0]
    moved.unit, moved.occurred_on = polsek_b, D(2024, 5, 1)

    admin.save_model(request, moved, form=None, change=True)
    assert stored() == incident_months_expected()

    admin.delete_model(request, incidents[1])
    admin.delete_queryset(request, Incident.objects.filter(pk__in=[i.pk for i in incidents[2:4]]))
    assert stored() == incident_months_expected()


def test_moving_a_polsek_to_another_polres_changes_no_row_and_moves_its_incidents_in_the_figures(
    incidents, polres, polsek_a
):
    other = PoliceUnitFactory(code="POLRES-2", level="polres", parent=polres.parent)
    before = stored()
    kasat_other = UserFactory(role="kasat_binmas", unit=other)

    polsek_a.parent = other
    unit_save(unit=polsek_a, actor=COMMAND_LINE)

    assert stored() == before == incident_months_expected()
    polsek_a_in_2024 = Incident.objects.filter(unit=polsek_a, occurred_on__year=2024).count()
    assert sum(sel.incidents_per_month(kasat_other, other, 2024)) == polsek_a_in_2024
    kasat_polres = UserFactory(role="kasat_binmas", unit=polres)
    assert sum(sel.incidents_per_month(kasat_polres, polres, 2024)) == (
        Incident.objects.filter(occurred_on__year=2024).count() - polsek_a_in_2024
    )


def test_the_refresh_command_repairs_totals_after_a_write_that_bypassed_them(
    incidents, polsek_a, categories
):
    Incident.objects.bulk_create(
        [
            Incident(
                reference="RAW", unit=polsek_a, occurred_on=D(2024, 7, 1), category=categories[0]
            )
        ]
    )
    assert stored() != incident_months_expected()

    call_command("refresh_aggregates", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert stored() == incident_months_expected()


PERIODS = [
    Period.month(D(2024, 3, 1)),
    Period.month(D(2024, 2, 1)),
    Period(D(2024, 3, 31), D(2024, 4, 1)),  # across a month end
    Period(D(2024, 2, 15), D(2024, 4, 10)),  # partial, whole March, partial
    Period(D(2024, 1, 1), D(2024, 3, 31)),  # three whole months, not "a month"
    Period(D(2024, 2, 29), D(2024, 2, 29)),  # a leap day: a year earlier is 28 February
    Period(D(2024, 1, 31), D(2024, 3, 1)),  # from a 31st: February is whole
]


def raw_per_unit_category(user, root, period, rollup):
    """The incidents of each row unit and category counted directly on the incidents."""
    units = {unit.pk: unit for unit in recap_units(root)}

    def row_unit(unit_id):
        # A unit below a row that totals its subtree counts in that row.
        for row_id, members in rollup.members.items():
            if unit_id in members:
                return row_id
        return unit_id

    spans = {"current": period, "previous": period.previous(), "last_year": period.last_year()}
    counts = {}
    rows = (
        Incident.objects.visible_to(user)
        .filter(unit_id__in=units)
        .values("unit_id", "category_id")
        .annotate(
            **{
                name: Count("pk", filter=Q(occurred_on__gte=span.start, occurred_on__lte=span.end))
                for name, span in spans.items()
            }
        )
    )
    for counted in rows:
        key = (row_unit(counted["unit_id"]), counted["category_id"])
        for name in spans:
            counts.setdefault(key, dict.fromkeys(spans, 0))[name] += counted[name]
    return {key: value for key, value in counts.items() if any(value.values())}


def from_aggregates(user, root, period, rollup):
    rows = sel.incidents_per_unit_category(user, root, period, rollup)
    figures = {
        (row["row_unit"], row["category_id"]): {
            name: row[name] for name in ("current", "previous", "last_year")
        }
        for row in rows
    }
    return {key: value for key, value in figures.items() if any(value.values())}


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
@pytest.mark.parametrize("level", ["polda", "polres", "polsek"])
def test_incidents_per_unit_and_category_equal_a_count_of_the_incidents(
    incidents, polres, polsek_a, period, level
):
    root = {"polda": polres.parent, "polres": polres, "polsek": polsek_a}[level]
    user = UserFactory(role="kasat_binmas", unit=root)
    rollup = rollup_for(recap_units(root))
    assert rollup.rolls_up == (level == "polda")

    expected = raw_per_unit_category(user, root, period, rollup)

    assert expected  # every period here has incidents in each root
    assert from_aggregates(user, root, period, rollup) == expected


@pytest.mark.parametrize("year", [2023, 2024])
def test_incidents_per_month_equal_a_count_of_the_incidents(incidents, kasat, polres, year):
    raw = [
        Incident.objects.filter(occurred_on__year=year, occurred_on__month=month).count()
        for month in range(1, 13)
    ]

    assert sel.incidents_per_month(kasat, polres, year) == raw


def test_a_kapolsek_reads_no_rows_of_the_polres_above(incidents, kapolsek_a, polres):
    assert sel.incidents_per_month(kapolsek_a, polres, 2024) == [
        Incident.objects.filter(
            unit=kapolsek_a.unit, occurred_on__month=month, occurred_on__year=2024
        ).count()
        for month in range(1, 13)
    ]
    assert not UnitIncidentMonth.objects.visible_to(kapolsek_a).filter(unit=polres).exists()
    assert PoliceUnit.objects.visible_to(kapolsek_a).filter(pk=polres.pk).count() == 0
