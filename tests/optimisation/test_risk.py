"""The area risk score: each component, the weights, and a fixed number of queries."""

import datetime

import pytest
from django.utils import translation

from bhabin.models import AssistedArea
from optimisation.risk import area_risks, decay, normalised_weights
from tests.factories import AssistedAreaFactory, VisitFactory
from tests.optimisation.conftest import AS_OF, incident, involve, posted, visit, warning


@pytest.fixture(autouse=True)
def _indonesian():
    # The facts are phrased in the reader's language; these tests read them in Indonesian,
    # the configured language, whatever language an earlier test left active.
    with translation.override("id"):
        yield


def risks(**kwargs):
    return {r.name: r for r in area_risks(AssistedArea.objects.all(), as_of=AS_OF, **kwargs)}


def components(risk):
    return {c.key: c for c in risk.components}


@pytest.fixture
def two_areas(polsek_a):
    quiet = AssistedAreaFactory(unit=polsek_a, name="Tenang", kakerda_level="low", area_km2=2)
    hot = AssistedAreaFactory(unit=polsek_a, name="Rawan", kakerda_level="high", area_km2=9)
    return quiet, hot


def test_an_incident_counts_half_after_one_half_life():
    assert decay(365, 365) == pytest.approx(0.5)
    assert decay(0, 365) == 1


def test_every_component_is_scaled_by_its_cap_and_weighted(two_areas):
    quiet, hot = two_areas
    officer = posted(hot)
    first = incident(hot, AS_OF - datetime.timedelta(days=365))
    second = incident(hot, AS_OF)
    involve("Sdr. Residivis", first, second)
    involve("Sdr. Sekali", second)
    warning(hot, officer, AS_OF - datetime.timedelta(days=3))
    visit(officer, hot, AS_OF - datetime.timedelta(days=30))

    hot_risk = components(risks()["Rawan"])
    assert hot_risk["incidents"].raw == pytest.approx(1.5)  # 1 + 0.5
    assert hot_risk["incidents"].value == pytest.approx(0.5)  # cap 3
    assert hot_risk["kakerda"].value == 1
    assert hot_risk["recidivists"].raw == 1
    assert hot_risk["early_warnings"].raw == 1
    assert hot_risk["days_since_visit"].raw == 30
    assert hot_risk["days_since_visit"].value == pytest.approx(0.5)  # cap 60
    weights = normalised_weights()
    assert risks()["Rawan"].score == pytest.approx(
        sum(weights[key] * hot_risk[key].value for key in weights)
    )


def test_an_area_never_visited_scores_full_on_days_since_visit(two_areas):
    assert components(risks()["Tenang"])["days_since_visit"].value == 1
    assert "belum pernah dikunjungi" in risks()["Tenang"].reason()


def test_closed_warnings_and_later_events_do_not_count(two_areas):
    quiet, _hot = two_areas
    officer = posted(quiet)
    warning(quiet, officer, AS_OF, state="closed")
    incident(quiet, AS_OF + datetime.timedelta(days=1))
    risk = components(risks()["Tenang"])
    assert risk["early_warnings"].raw == 0
    assert risk["incidents"].raw == 0


def test_the_reason_reads_as_an_indonesian_sentence(two_areas):
    _quiet, hot = two_areas
    officer = posted(hot)
    for days in (10, 200, 400):
        incident(hot, AS_OF - datetime.timedelta(days=days))
    visit(officer, hot, AS_OF - datetime.timedelta(days=41))
    assert risks()["Rawan"].reason() == (
        "Desa Rawan: 2 kejadian dalam 12 bulan, kunjungan terakhir 41 hari lalu, Kakerda tinggi"
    )


def test_changing_a_weight_setting_changes_the_ranking(settings, two_areas):
    quiet, hot = two_areas
    # Rawan is high Kakerda but was visited today; Tenang is low Kakerda and never visited.
    visit(posted(hot), hot, AS_OF)
    settings.RISK_WEIGHTS = {"kakerda": 1.0, "days_since_visit": 0.1}
    assert [r.name for r in area_risks(AssistedArea.objects.all(), as_of=AS_OF)][0] == "Rawan"
    settings.RISK_WEIGHTS = {"kakerda": 0.1, "days_since_visit": 1.0}
    assert [r.name for r in area_risks(AssistedArea.objects.all(), as_of=AS_OF)][0] == "Tenang"


def test_weights_are_normalised_and_unknown_components_refused():
    assert sum(normalised_weights({"kakerda": 2, "incidents": 2}).values()) == pytest.approx(1)
    with pytest.raises(ValueError, match="Unknown risk components"):
        normalised_weights({"weather": 1})


@pytest.mark.parametrize("areas", [2, 8])
def test_the_score_costs_three_queries_whatever_the_number_of_areas(
    areas, polsek_a, django_assert_num_queries
):
    for number in range(areas):
        area = AssistedAreaFactory(unit=polsek_a)
        officer = posted(area)
        visit(officer, area, AS_OF)
        involve(f"Orang {number}", incident(area, AS_OF), incident(area, AS_OF))
    # areas with last visit and open warnings; incidents by area and day; repeat involvements
    with django_assert_num_queries(3):
        assert len(area_risks(AssistedArea.objects.all(), as_of=AS_OF)) == areas


def last_visit_from_history(area, as_of):
    """The last visit on or before the local day, read from every visit (the old way)."""
    from django.utils import timezone

    times = [
        timezone.localtime(v.occurred_at).date()
        for v in area.visits.all()
        if timezone.localtime(v.occurred_at).date() <= as_of
    ]
    return max(times, default=None)


def test_the_last_visit_comes_from_the_month_so_far_or_the_months_before(polsek_a):
    area = AssistedAreaFactory(unit=polsek_a, name="Jarang")
    officer = posted(area)
    for day in (
        datetime.date(2022, 6, 30),  # the last of a month, five months earlier
        datetime.date(2022, 10, 2),
        datetime.date(2022, 10, 20),
        datetime.date(2022, 11, 10),
        datetime.date(2022, 11, 25),
    ):
        visit(officer, area, day)
    # A visit at 23:30 local time on the 29th is still the 29th (the day ends in local time).
    from django.utils import timezone

    late = timezone.make_aware(datetime.datetime(2022, 11, 29, 23, 30))
    VisitFactory(officer=officer, area=area, occurred_at=late)
    as_of_days = [
        datetime.date(2022, 6, 29),  # before any visit
        datetime.date(2022, 7, 15),  # a month with none: the months before
        datetime.date(2022, 10, 1),  # the 1st, before the month's first visit
        datetime.date(2022, 10, 19),  # between two visits of the month
        datetime.date(2022, 11, 9),
        datetime.date(2022, 11, 28),
        datetime.date(2022, 11, 29),
        datetime.date(2022, 12, 31),  # a later month: the months before
    ]
    for as_of in as_of_days:
        (risk,) = area_risks(AssistedArea.objects.filter(pk=area.pk), as_of=as_of)
        assert risk.last_visit == last_visit_from_history(area, as_of), as_of
    assert last_visit_from_history(area, datetime.date(2022, 7, 15)) == datetime.date(2022, 6, 30)
