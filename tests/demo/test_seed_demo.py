"""The demo reproduces the paper's figures and can be seeded again without changing anything."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Sum
from django.urls import reverse

from bhabin.models import AssistedArea, Visit, VisitSchedule
from bhabin.schedules import visit_done
from budget.models import BudgetLine, Facility
from conflicts.models import Incident, InvolvedPerson
from demo import readers
from demo.seed import SAMPLES
from org.models import PoliceUnit, Region
from personnel.models import CompetencyRecap, Officer, TrainingRecord, User

DEMO_PASSWORD = "sigap-demo-2022"


def table_2():
    return readers.read_units(SAMPLES / "01_data_bhabinkamtibmas.xlsx")


def test_the_demo_has_sixteen_units_under_the_polda(demo_db):
    assert demo_db.parent.code == "PMJ"
    assert PoliceUnit.objects.filter(parent=demo_db).count() == 15
    levels = set(PoliceUnit.objects.filter(parent=demo_db).values_list("level", flat=True))
    assert levels == {"polsek"}


def test_units_follow_the_order_and_letterheads_of_the_sheet(demo_db):
    units = list(PoliceUnit.objects.exclude(code="PMJ").order_by("sort_order"))
    assert [u.name.upper() for u in units] == [row["name"] for row in table_2()]
    assert units[0].letterhead_name == "RESOR METRO BEKASI"
    assert PoliceUnit.objects.get(code="PMJ-BKS-CIKARANG-BARAT").letterhead_name == (
        "SEKTOR CIKARANG BARAT"
    )


def test_each_polsek_covers_the_kecamatan_named_like_it(demo_db):
    muara = PoliceUnit.objects.get(code="PMJ-BKS-MUARA-GEMBONG")
    kedung = PoliceUnit.objects.get(code="PMJ-BKS-KEDUNGWARINGIN")
    assert list(muara.kecamatan.values_list("name", flat=True)) == ["Muaragembong"]
    assert list(kedung.kecamatan.values_list("name", flat=True)) == ["Kedung Waringin"]


def test_every_unit_has_the_areas_and_officers_of_table_2(demo_db):
    areas = dict(
        AssistedArea.objects.values("unit__name")
        .annotate(n=Count("id"))
        .values_list("unit__name", "n")
    )
    officers = dict(
        Officer.objects.bhabin()
        .values("unit__name")
        .annotate(n=Count("id"))
        .values_list("unit__name", "n")
    )
    expected = {row["name"]: (row["areas"], row["officers"]) for row in table_2()}
    actual = {name.upper(): (areas[name], officers[name]) for name in areas}
    assert actual == expected
    assert sum(areas.values()) == 366
    assert sum(officers.values()) == 364
    assert actual["POLSEK TARUMAJAYA"] == (19, 17)
    assert actual["POLRES METRO BEKASI"] == (24, 24)


def test_areas_carry_real_kemendagri_codes_or_an_estate_suffix(demo_db):
    desa = AssistedArea.objects.get(name="Sukaringin")
    assert (desa.code, desa.kind, desa.region_id) == ("32.16.03.2001", "desa", "32.16.03.2001")
    estate = AssistedArea.objects.get(
        name="Perumahan Griya Asri 3", unit__code="PMJ-BKS-CABANGBUNGIN"
    )
    assert estate.kind == "kawasan"
    assert estate.region.name == "Setialaksana"
    assert estate.code == f"{estate.region_id}-K1"
    assert not AssistedArea.objects.filter(
        kind__in=["desa", "kelurahan"], region__isnull=True
    ).exists()


def test_the_regions_hang_under_jawa_barat(demo_db):
    assert Region.objects.get(code="32").name == "Jawa Barat"
    assert Region.objects.get(code="32.16").parent_id == "32"
    assert Region.objects.filter(level="kelurahan", code__regex=r"\.1[0-9]{3}$").count() == 8
    assert Region.objects.count() == 212


def test_officers_are_normalised_from_the_roster(demo_db):
    officer = Officer.objects.get(nrp="89045674")
    assert (officer.name, officer.rank, officer.phone) == (
        "Dodi Ramadhan",
        "BRIPTU",
        "+6281352301414",
    )
    assert officer.assignments.get().area.name == "Sukaringin"
    assert Officer.objects.bhabin().filter(rank="BRIGPOL").count() == 89


def test_119_officers_have_done_the_dikbangspes_and_all_are_trained(demo_db):
    assert Officer.objects.bhabin().filter(dikbangspes_done=True).count() == 119
    records = dict(
        TrainingRecord.objects.values("course__code")
        .annotate(n=Count("id"))
        .values_list("course__code", "n")
    )
    assert records == {"dikbangspes-binmas": 119, "pelatihan-binmas-intel-ti": 364}


def test_the_competency_recap_is_kept_as_reported_with_its_faults(demo_db):
    recap = CompetencyRecap.objects.aggregate(
        officers=Sum("officers"), done=Sum("dikbangspes_done")
    )
    # The printed total says 119 done, but its rows add up to 118; Tarumajaya reports 19 officers.
    assert recap == {"officers": 366, "done": 118}
    assert CompetencyRecap.objects.get(unit__code="PMJ-BKS-TARUMAJAYA").officers == 19


def test_incidents_per_year_match_table_1(demo_db):
    per_year = dict(
        Incident.objects.values("occurred_on__year")
        .annotate(n=Count("id"))
        .values_list("occurred_on__year", "n")
    )
    assert per_year == {2018: 35, 2019: 28, 2020: 10, 2021: 8, 2022: 23}
    reported = dict(demo_db.yearly_conflict_counts.values_list("year", "count"))
    assert reported == per_year


def test_2022_incidents_are_linked_to_their_area_and_officer(demo_db):
    first = Incident.objects.get(occurred_on="2022-01-04", place="Perumahan Taman Mekar 3")
    assert first.unit.code == "PMJ-BKS-TARUMAJAYA"
    assert first.area.name == "Perumahan Taman Mekar 3"
    assert first.handling_officer.name == "Cecep Pratama"
    assert first.handling_officer_text == "BRIPKA Cecep Pratama"
    assert (first.injuries, first.deaths) == (None, 1)
    assert (first.handling, first.outcome) == ("monitoring", "monitoring")
    third = Incident.objects.get(occurred_on="2022-01-16", place="Sirnajaya")
    assert (third.handling, third.outcome) == ("law_enforcement", "in_process")
    assert not Incident.objects.filter(area__isnull=True).exists()


def test_inter_group_clashes_come_first_then_student_brawls(demo_db):
    ranking = list(
        Incident.objects.values("category__code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("category__code", flat=True)
    )
    assert ranking[:2] == ["antar-kelompok", "tawuran-pelajar"]


def test_at_least_three_people_are_in_more_than_one_incident(demo_db):
    assert InvolvedPerson.objects.recidivists().count() >= 3


def test_dipa_2021_adds_up_to_136_860_000_and_stays_unspent_in_part(demo_db):
    lines = BudgetLine.objects.filter(unit=demo_db, fiscal_year=2021)
    assert sorted(lines.values_list("code", flat=True)) == ["a", "b", "c", "d"]
    assert lines.aggregate(total=Sum("pagu"))["total"] == 136_860_000
    assert lines.get(code="a").pagu == 47_360_000
    for line in lines.annotate(spent=Sum("realisations__amount")):
        assert 0 < line.spent < line.pagu


def test_the_polres_stocks_53_motorbikes_all_in_good_condition(demo_db):
    stock = Facility.objects.filter(unit=demo_db, officer__isnull=True)
    assert stock.get(facility_type__code="ranmor-r2").quantity == 53
    assert set(stock.values_list("condition", flat=True)) == {"good"}
    assert stock.aggregate(total=Sum("quantity"))["total"] == 53 + 15 + 19 + 347 * 3 + 153


def test_about_four_in_five_scheduled_visits_happen_and_no_narrative_repeats(demo_db):
    scheduled = VisitSchedule.objects.filter(planned_on__range=("2022-08-01", "2022-11-30"))
    done = scheduled.annotate(done=visit_done()).filter(done=True).count()
    assert 0.7 <= done / scheduled.count() <= 0.9
    assert not scheduled.filter(planned_on__week_day=1).exists()  # no Sunday in the plan
    assert Visit.objects.values("officer").distinct().count() == 364
    repeated = (
        Visit.objects.values("officer", "occurred_at__month", "narrative")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not repeated.exists()


def test_every_area_is_scheduled_at_least_once_in_november(demo_db):
    scheduled = VisitSchedule.objects.filter(planned_on__year=2022, planned_on__month=11)
    assert scheduled.values("area").distinct().count() == 366


def test_a_second_run_changes_no_count(demo_db):
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"bhabin", "personnel", "conflicts", "budget"}
    ]
    before = {m._meta.label: m.objects.count() for m in models}
    visits = set(Visit.objects.values_list("client_id", flat=True))
    call_command("seed_demo", stdout=StringIO())
    after = {m._meta.label: m.objects.count() for m in models}
    assert after == before
    assert set(Visit.objects.values_list("client_id", flat=True)) == visits


@pytest.mark.parametrize(
    ("username", "role", "unit_code"),
    [
        ("kasat", "kasat_binmas", "PMJ-BKS"),
        ("pimpinan", "leadership", "PMJ-BKS"),
        ("operator", "operator", "PMJ-BKS"),
        ("admin", "admin", "PMJ-BKS"),
        ("kapolsek", "kapolsek", "PMJ-BKS-CIKARANG-BARAT"),
        ("bhabin", "officer", "PMJ-BKS-CIKARANG-BARAT"),
    ],
)
def test_every_demo_login_can_log_in(demo_db, client, username, role, unit_code):
    user = User.objects.get(username=username)
    assert (user.role, user.unit.code) == (role, unit_code)
    # Through the login page: django-axes needs the request to check for a lockout.
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_bhabin_login_is_an_officer_of_polsek_cikarang_barat(demo_db):
    user = User.objects.get(username="bhabin")
    assert user.officer.unit == user.unit
    assert user.officer.assignments.exists()


def test_load_wilayah_is_idempotent(demo_db):
    out = StringIO()
    call_command("load_wilayah", stdout=out)
    assert Region.objects.count() == 212
    assert "212" in out.getvalue()


def test_the_demo_leaves_every_aggregate_equal_to_a_recount(demo_db):
    """seed_demo writes its field work and incidents through the services, which keep the
    dashboards' aggregates; no refresh is needed after it."""
    from bhabin.models import AreaMonth, AreaOpenItems
    from bhabin.services.aggregates import (
        AGGREGATED_COLUMNS,
        area_months_expected,
        open_items_expected,
    )
    from conflicts.models import UnitIncidentMonth
    from conflicts.services import incident_months_expected

    area_months = sorted(AreaMonth.objects.values_list(*AGGREGATED_COLUMNS))
    recounted = sorted(
        tuple(row[column] for column in AGGREGATED_COLUMNS) for row in area_months_expected()
    )
    assert area_months == recounted and len(area_months) > 100
    assert sorted(AreaOpenItems.objects.values_list("area_id", "warnings", "cases")) == (
        open_items_expected()
    )
    assert AreaOpenItems.objects.exists()
    incident_rows = sorted(
        UnitIncidentMonth.objects.values_list("unit_id", "month", "category_id", "incidents")
    )
    assert incident_rows == incident_months_expected() and len(incident_rows) > 50
