"""Monthly report and MOTUL pages: owner, another unit (404), officer, anonymous, escaping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conflicts.models import InvolvedPerson, Involvement
from motul import plans as motul
from motul.models import MotulPlan
from personnel.models import User
from tests.factories import (
    AssistedAreaFactory,
    IncidentFactory,
    PoliceUnitFactory,
    UserFactory,
    VisitFactory,
)

HOSTILE_TITLE = "<script>alert(1)</script> <img src=file:///etc/passwd>"


def report_url(unit):
    return reverse("monthly:pdf", args=[unit.code, "2022-11"])


@pytest.fixture
def plan_a(kapolsek_a, area_a1):
    return motul.motul_plan_create(
        user=kapolsek_a,
        title=HOSTILE_TITLE,
        objective="Mencegah tawuran",
        planned_on=datetime.date(2022, 12, 5),
        areas=[area_a1],
    )


def test_a_kapolsek_gets_the_report_of_their_polsek(client, kapolsek_a, polsek_a, area_a1):
    client.force_login(kapolsek_a)
    response = client.get(report_url(polsek_a))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_kapolsek_gets_404_for_another_polsek_and_for_the_polres(
    client, kapolsek_a, polsek_b, polres
):
    client.force_login(kapolsek_a)
    assert client.get(report_url(polsek_b)).status_code == 404
    assert client.get(report_url(polres)).status_code == 404


def test_an_unknown_unit_or_a_bad_month_is_a_404(client, kasat, polsek_a):
    client.force_login(kasat)
    assert client.get(reverse("monthly:pdf", args=["NOPE", "2022-11"])).status_code == 404
    assert client.get(reverse("monthly:pdf", args=[polsek_a.code, "2022-13"])).status_code == 404


def test_an_officer_may_not_read_the_monthly_report(client, alice, polsek_a):
    client.force_login(alice)
    assert client.get(report_url(polsek_a)).status_code == 403
    assert client.get(reverse("monthly:index")).status_code == 403


def test_a_user_without_a_unit_may_not_read_it(client, nobody, polsek_a):
    client.force_login(nobody)
    assert client.get(report_url(polsek_a)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, polsek_a):
    for url in [report_url(polsek_a), reverse("motul:list"), reverse("monthly:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_index_sends_the_kasat_to_the_pdf_of_the_chosen_unit(client, kasat, polsek_a):
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2022, 11, 4))
    client.force_login(kasat)
    response = client.get(reverse("monthly:index"), {"unit": polsek_a.pk, "period": "2022-11"})
    assert response.status_code == 302
    assert response["Location"] == report_url(polsek_a)


def test_the_index_warns_before_a_report_of_zeros(client, kasat, polsek_a, polsek_b):
    # Polsek B's incident is not Polsek A's data.
    IncidentFactory(unit=polsek_b, occurred_on=datetime.date(2022, 11, 4))
    client.force_login(kasat)
    asked = {"unit": polsek_a.pk, "period": "2022-11"}
    response = client.get(reverse("monthly:index"), asked)
    assert response.status_code == 200
    assert b"data-empty-report" in response.content
    anyway = client.get(reverse("monthly:index"), {**asked, "kosong": "1"})
    assert anyway.status_code == 302 and anyway["Location"] == report_url(polsek_a)


def test_the_index_opens_on_the_latest_month_with_visits_and_says_so(client, kasat, alice, area_a1):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=timezone.now())
    VisitFactory(
        officer=alice.officer,
        area=area_a1,
        occurred_at=timezone.make_aware(datetime.datetime(2022, 11, 10, 10)),
    )
    client.force_login(kasat)
    response = client.get(reverse("monthly:index"))
    # The visit of this month, still under way, does not decide.
    assert response.context["form"].initial["period"] == "2022-11"
    assert "November 2022" in response.context["period_note"]


def test_the_report_view_runs_a_fixed_number_of_queries(
    client, kasat, polres, area_a1, area_b1, django_assert_num_queries
):
    client.force_login(kasat)
    # 30: session, user (+unit; the scope is the unit's tree path, no query); the unit (+the
    # units above it, for the letterhead); the month's period (open here: a draft); the report
    # itself, 27 less the DIPA lines (none here): 26 (see tests/demo/test_pdf_demo.py).
    with django_assert_num_queries(30):
        assert client.get(report_url(polres)).status_code == 200


def test_creating_a_plan_prefills_the_seven_steps_from_the_area(client, kapolsek_a, area_a1):
    client.force_login(kapolsek_a)
    response = client.post(
        reverse("motul:list"),
        {
            "title": "Penyuluhan tawuran pelajar",
            "objective": "Mencegah tawuran",
            "planned_on": "2022-12-05",
            "areas": [area_a1.pk],
        },
    )
    plan = MotulPlan.objects.get()
    assert response.status_code == 302
    steps = {s.step.number: s.content for s in plan.steps.select_related("step")}
    assert sorted(steps) == [1, 2, 3, 4, 5, 6, 7]
    assert area_a1.name in steps[1]
    assert "tawuran pelajar" in steps[3]


def test_a_kapolsek_may_not_choose_another_polseks_area(client, kapolsek_a, area_b1):
    client.force_login(kapolsek_a)
    response = client.post(
        reverse("motul:list"),
        {"title": "X", "objective": "Y", "planned_on": "2022-12-05", "areas": [area_b1.pk]},
    )
    assert response.status_code == 200
    assert not MotulPlan.objects.exists()


def test_edited_steps_are_saved(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)
    steps = list(plan_a.steps.all())
    data = {f"step_{s.step_id}": f"Langkah {s.step_id} diubah" for s in steps}
    response = client.post(reverse("motul:edit", args=[plan_a.pk]), data)
    assert response.status_code == 302
    assert {s.content for s in plan_a.steps.all()} == set(data.values())


def test_another_polsek_gets_404_for_a_plan(client, kapolsek_b, plan_a):
    client.force_login(kapolsek_b)
    assert client.get(reverse("motul:edit", args=[plan_a.pk])).status_code == 404
    assert client.get(reverse("motul:pdf", args=[plan_a.pk])).status_code == 404


def test_leadership_reads_a_plan_but_may_not_change_it(client, polres, plan_a):
    leader = UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)
    client.force_login(leader)
    assert client.get(reverse("motul:edit", args=[plan_a.pk])).status_code == 200
    assert client.post(reverse("motul:edit", args=[plan_a.pk]), {}).status_code == 403


def test_user_text_is_escaped_on_the_page(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)
    response = client.get(reverse("motul:edit", args=[plan_a.pk]))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_user_text_is_printed_as_text_in_the_pdf(client, kapolsek_a, plan_a, caplog):
    client.force_login(kapolsek_a)
    response = client.get(reverse("motul:pdf", args=[plan_a.pk]))
    assert response.status_code == 200
    # Escaped markup is text, so WeasyPrint never tries to load the image: nothing refused.
    assert not [r for r in caplog.records if "RefusedURL" in r.getMessage()]
    assert b"root:x:0:0" not in response.content


def test_the_people_involved_are_shown_only_to_the_roles_that_may_see_them(
    client, kapolsek_a, operator_a, polsek_a, area_a1, plan_a
):
    incident = IncidentFactory(unit=polsek_a, area=area_a1)
    person = InvolvedPerson.objects.create(name="Provokator Contoh")
    Involvement.objects.create(incident=incident, person=person, role="provocateur")
    client.force_login(kapolsek_a)
    assert b"Provokator Contoh" in client.get(reverse("motul:edit", args=[plan_a.pk])).content
    client.force_login(operator_a)
    page = client.get(reverse("motul:edit", args=[plan_a.pk])).content.decode()
    assert "Provokator Contoh" not in page
    assert motul.RESTRICTED_LINE in page
    assert "Provokator Contoh" not in "".join(s.content for s in plan_a.steps.all())


def test_the_plan_list_shows_only_plans_in_scope(client, kapolsek_b, plan_a):
    client.force_login(kapolsek_b)
    response = client.get(reverse("motul:list"))
    assert response.status_code == 200
    assert list(response.context["plans"]) == []
    assert b"alert(1)" not in response.content


def test_the_plan_list_costs_the_same_queries_for_1_and_for_6_plans(
    client, kapolsek_a, area_a1, plan_a, django_assert_num_queries
):
    client.force_login(kapolsek_a)
    # 5: session, user (+unit; the scope is the unit's tree path, no query); the plans (+unit,
    # area count); the form's activities; the form's areas (+unit).
    with django_assert_num_queries(5):
        assert client.get(reverse("motul:list")).status_code == 200
    for day in range(1, 6):
        motul.motul_plan_create(
            user=kapolsek_a,
            title=f"Rencana {day}",
            objective="Mencegah tawuran",
            planned_on=datetime.date(2022, 12, day),
            areas=[area_a1, AssistedAreaFactory(unit=area_a1.unit)],
        )
    # The same 5 for six plans.
    with django_assert_num_queries(5):
        response = client.get(reverse("motul:list"))
        assert response.status_code == 200
    assert len(response.context["plans"]) == 6


def involve(area, *names):
    """An incident in the area with these people involved."""
    incident = IncidentFactory(unit=area.unit, area=area)
    for name in names:
        person = InvolvedPerson.objects.create(name=name)
        Involvement.objects.create(incident=incident, person=person, role="provocateur")


def test_the_plan_page_costs_the_same_queries_for_1_and_for_6_areas(
    client, kapolsek_a, area_a1, plan_a, django_assert_num_queries
):
    involve(area_a1, "Provokator Contoh")
    client.force_login(kapolsek_a)
    url = reverse("motul:edit", args=[plan_a.pk])
    # 7: session, user (+unit; the scope is the unit's tree path, no query); the plan (+unit and
    # the units above it, for the letterhead); its steps (+step); the people involved in its
    # areas, counted per person; the access-log rows that record who saw them (one insert); the
    # areas (+unit).
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    more = AssistedAreaFactory.create_batch(5, unit=area_a1.unit)
    plan_a.areas.add(*more)
    for area in more:
        involve(area, f"Orang {area.pk}", f"Orang lain {area.pk}")
    # The same 7 with six areas and eleven people involved.
    with django_assert_num_queries(7):
        response = client.get(url)
        assert response.status_code == 200
    assert (len(response.context["areas"]), len(response.context["people"])) == (6, 11)


def test_the_monthly_index_costs_the_same_queries_for_3_and_for_13_units(
    client, kasat, polres, polsek_a, polsek_b, django_assert_num_queries
):
    client.force_login(kasat)
    # 7: session, user (+unit; the scope is the unit's tree path, no query); the latest month
    # with visits (the default month); the units for the form's choice; each unit with its step
    # on that month's ladder; the units for the background job's form (a Polda's included); the
    # months approved in the last six (+unit).
    with django_assert_num_queries(7):
        assert client.get(reverse("monthly:index")).status_code == 200
    for number in range(10):
        PoliceUnitFactory(code=f"POLSEK-X{number}", parent=polres)
    # The same 7 with 13 units to choose from.
    with django_assert_num_queries(7):
        response = client.get(reverse("monthly:index"))
        assert response.status_code == 200
    assert len(response.context["form"].fields["unit"].queryset) == 13
