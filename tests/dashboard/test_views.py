"""The dashboard pages: who sees what, the figures, and the period."""

import datetime

import pytest
from django.urls import reverse

from bhabin.models import SecurityPost
from personnel.models import User
from tests.factories import UserFactory
from tests.views.helpers import assert_redirects_to_login

NOV_2022 = "period=2022-11"


def overview(client, query=NOV_2022):
    return client.get(f"{reverse('dashboard:overview')}?{query}")


def row_for(response, code):
    return next(row for row in response.context["rows"] if row["unit"].code == code)


# --- Who sees what ------------------------------------------------------------------------


def test_the_kasat_sees_every_polsek_of_the_polres(login, kasat, dash_world):
    response = overview(login(kasat))
    assert response.status_code == 200
    codes = [row["unit"].code for row in response.context["rows"]]
    assert codes == ["TEST-POLRES", "POLSEK-A", "POLSEK-B"]
    assert response.context["with_areas"] is False


def test_a_kapolsek_sees_their_own_polsek_only_with_its_areas(login, kapolsek_a, dash_world):
    response = overview(login(kapolsek_a))
    assert response.status_code == 200
    assert [row["unit"].code for row in response.context["rows"]] == ["POLSEK-A"]
    assert [area.name for area in response.context["area_rows"]] == ["Desa A1", "Desa A2"]
    assert b"Desa B1" not in response.content


def test_leadership_sees_the_whole_polres(login, polres, dash_world):
    leader = UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)
    response = overview(login(leader))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


def test_an_officer_is_refused_every_unit_page(login, alice, area_a1, dash_world):
    client = login(alice)
    for url in [
        reverse("dashboard:overview"),
        reverse("dashboard:unit", args=["POLSEK-A"]),
        reverse("dashboard:unstaffed"),
    ]:
        assert client.get(url).status_code == 403, url


def test_an_officer_opens_the_page_of_their_area_and_their_own_record_only(
    login, alice, bob, area_a1, area_b1, dash_world
):
    client = login(alice)

    assert client.get(reverse("dashboard:area", args=[area_a1.pk])).status_code == 200
    assert client.get(reverse("dashboard:officer", args=[alice.officer_id])).status_code == 200
    assert client.get(reverse("dashboard:area", args=[area_b1.pk])).status_code == 404
    assert client.get(reverse("dashboard:officer", args=[bob.officer_id])).status_code == 404


def test_a_user_without_a_unit_sees_nothing(login, nobody, area_a1, dash_world):
    client = login(nobody)
    assert overview(client).status_code == 403
    assert client.get(reverse("dashboard:area", args=[area_a1.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, area_a1):
    assert_redirects_to_login(client.get(reverse("dashboard:overview")))
    assert_redirects_to_login(client.get(reverse("dashboard:area", args=[area_a1.pk])))


def test_another_units_drill_down_pages_are_404(
    login, kapolsek_a, bob, area_b1, polsek_b, dash_world
):
    client = login(kapolsek_a)
    assert overview(client, f"unit={polsek_b.code}").status_code == 404
    assert client.get(reverse("dashboard:unit", args=[polsek_b.code])).status_code == 404
    assert client.get(reverse("dashboard:area", args=[area_b1.pk])).status_code == 404
    assert client.get(reverse("dashboard:officer", args=[bob.officer_id])).status_code == 404
    assert client.get(f"{reverse('dashboard:unstaffed')}?unit={polsek_b.code}").status_code == 404


def test_the_owner_opens_the_drill_down_pages(login, kapolsek_a, alice, area_a1, dash_world):
    SecurityPost.objects.create(area=area_a1, name="Pos RW 07", is_active=False)
    client = login(kapolsek_a)
    unit_page = client.get(f"{reverse('dashboard:unit', args=['POLSEK-A'])}?{NOV_2022}")
    area_page = client.get(f"{reverse('dashboard:area', args=[area_a1.pk])}?{NOV_2022}")
    officer_page = client.get(f"{reverse('dashboard:officer', args=[alice.officer_id])}?{NOV_2022}")
    assert unit_page.status_code == area_page.status_code == officer_page.status_code == 200
    assert b"Isu provokasi di grup WhatsApp warga" in area_page.content
    assert b"Sengketa parkir pasar" in area_page.content
    assert b"Sudah selesai" not in area_page.content  # closed warnings are not open ones
    assert b"Pos RW 07" in area_page.content
    assert b"Sabhara patrol" in officer_page.content


# --- The figures --------------------------------------------------------------------------


def test_strength_counts_areas_officers_and_areas_without_a_primary_officer(
    login, kasat, dash_world
):
    response = overview(login(kasat))
    polsek_a = row_for(response, "POLSEK-A")
    assert (polsek_a["areas"], polsek_a["officers"], polsek_a["unstaffed"]) == (2, 1, 1)
    assert polsek_a["note"] == "1 officer short"  # the KET column, in the reader's English
    assert response.context["totals"]["unstaffed"] == 1
    assert polsek_a["links"]["unstaffed"] == (
        f"{reverse('bhabin:area-list')}?satuan=POLSEK-A&tanpa_bhabin=1"
    )


def test_the_unstaffed_list_shows_the_areas_behind_the_count(login, kasat, dash_world):
    response = login(kasat).get(f"{reverse('dashboard:unstaffed')}?unit=POLSEK-A")
    assert [area.name for area in response.context["page"]] == ["Desa A2"]


def test_coverage_counts_visits_areas_visited_and_schedule_adherence(login, kasat, dash_world):
    response = overview(login(kasat))
    polsek_a = row_for(response, "POLSEK-A")
    assert polsek_a["visits"] == 2
    assert polsek_a["areas_period"] == polsek_a["areas_window"] == 1
    assert (polsek_a["planned"], polsek_a["done"], polsek_a["adherence"]) == (2, 1, 50)
    totals = response.context["totals"]
    assert (totals["visits"], totals["areas_window"]) == (3, 2)


def test_the_30_day_window_ends_with_the_period(login, kasat, dash_world):
    # 1-5 December: no visit in the period, but the 30 days up to 5 December hold 20 November.
    response = overview(login(kasat), "from=2022-12-01&to=2022-12-05")
    polsek_a = row_for(response, "POLSEK-A")
    assert (polsek_a["visits"], polsek_a["areas_window"]) == (0, 1)


def test_conflicts_compare_the_period_with_counts_beside_percentages(login, kasat, dash_world):
    response = overview(login(kasat))
    comparison = response.context["comparison"]
    assert (comparison["current"], comparison["previous"], comparison["last_year"]) == (3, 1, 1)
    assert comparison["previous_note"] == "+2 (+200% of 1)"
    assert b"+2 (+200% of 1)" in response.content
    assert row_for(response, "POLSEK-A")["incidents"] == 2


def test_hotspots_rank_areas_by_incidents_over_12_months(login, kasat, area_a1, dash_world):
    response = overview(login(kasat))
    hotspots = response.context["hotspots"]
    # Nov 2021 lies outside Dec 2021 - Nov 2022.
    assert [(area.name, area.incident_count) for area in hotspots] == [
        ("Desa A1", 3),
        ("Desa B1", 1),
    ]
    assert [w.summary for w in response.context["warnings"]] == [
        "Isu provokasi di grup WhatsApp warga"
    ]
    assert response.context["totals"]["open_cases"] == 1


def test_workload_divides_areas_population_and_km2_by_officers(login, kasat, dash_world):
    response = overview(login(kasat))
    polsek_a = row_for(response, "POLSEK-A")
    assert polsek_a["areas_per_officer"] == 2
    assert polsek_a["population_per_officer"] == 8000  # 5000 + 3000, one officer
    assert polsek_a["duty_hours"] == 6


def test_the_polsek_areas_table_gives_last_visit_visits_and_incidents(
    login, kapolsek_a, dash_world
):
    response = login(kapolsek_a).get(f"{reverse('dashboard:unit', args=['POLSEK-A'])}?{NOV_2022}")
    a1, a2 = response.context["area_rows"]
    assert a1.last_visit_at.date() == datetime.date(2022, 11, 20)
    assert (a1.visits_period, a1.incidents_12m, a1.staffed) == (2, 3, True)
    assert (a2.last_visit_at, a2.visits_period, a2.staffed) == (None, 0, False)


def test_every_unit_row_links_to_its_drill_down_with_the_period(login, kasat, dash_world):
    response = overview(login(kasat))
    url = reverse("dashboard:unit", args=["POLSEK-B"]) + "?" + NOV_2022
    assert row_for(response, "POLSEK-B")["dashboard_url"] == url
    assert url.encode() in response.content


def test_the_recap_panels_reuse_the_recap_tables(login, kasat, dash_world):
    response = overview(login(kasat))
    assert response.context["kompetensi"]["header"][:3] == ["NO", "POLRES/POLSEK", "JML BABIN"]
    assert [r["name"] for r in response.context["facility_ratios"]] == [
        "Ranmor (R-2)",
        "Handy Talky (HT)",
    ]
    assert response.context["dipa"] is None  # no DIPA lines in this data
    assert b"No DIPA lines recorded." in response.content


# --- The period ---------------------------------------------------------------------------


def test_without_a_period_it_shows_the_latest_month_with_visits_and_says_so(
    login, kasat, dash_world
):
    response = login(kasat).get(reverse("dashboard:overview"))
    period = response.context["period"]
    assert (period.start, period.end) == (datetime.date(2022, 11, 1), datetime.date(2022, 11, 30))
    assert b"the latest whole month with visits" in response.content


def test_a_date_range_compares_with_as_many_days_before(login, kasat, dash_world):
    response = overview(login(kasat), "from=2022-11-01&to=2022-11-10")
    previous = response.context["previous"]
    assert previous.start == datetime.date(2022, 10, 22)
    assert previous.end == datetime.date(2022, 10, 31)


@pytest.mark.parametrize("query", ["period=2022-13", "from=2022-11-10&to=2022-11-01", "from=x"])
def test_a_malformed_period_falls_back_to_the_default(login, kasat, dash_world, query):
    response = overview(login(kasat), query)
    assert response.status_code == 200
    assert response.context["period"].start == datetime.date(2022, 11, 1)


def test_the_dashboard_link_is_in_the_menu_for_the_kasat_not_for_an_officer(login, kasat, alice):
    assert reverse("dashboard:overview").encode() in login(kasat).get(reverse("home")).content
    assert reverse("dashboard:overview").encode() not in login(alice).get(reverse("home")).content
