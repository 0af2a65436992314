"""The admin shows and changes only what the scoping rule lets a user see."""

import pytest
from django.urls import reverse

from bhabin.models import AssistedArea, Visit
from conflicts.models import Incident
from personnel.models import Officer, User
from tests.factories import IncidentFactory, OfficerFactory, UserFactory, VisitFactory


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_page(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def unit_a_and_b_data(alice, bob, area_a1, area_b1, visit_b, incident_b):
    VisitFactory(officer=alice.officer, area=area_a1)
    IncidentFactory(unit=alice.unit, place="Pasar A")


@pytest.mark.parametrize(
    ("model", "mine", "theirs"),
    [
        (AssistedArea, "Desa A1", "Desa B1"),
        (Officer, "Alice", "Bob"),
        (Visit, "Desa A1", "Desa B1"),
        (Incident, "Pasar A", "Pasar B"),
    ],
)
def test_an_operator_lists_their_own_units_rows_and_not_another_units(
    client, operator_a, unit_a_and_b_data, model, mine, theirs
):
    client.force_login(operator_a)

    response = client.get(changelist(model))

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown, "Polsek A's own rows are listed"
    assert all(model.objects.visible_to(operator_a).filter(pk=obj.pk).exists() for obj in shown)
    assert mine in response.content.decode()
    assert theirs not in response.content.decode()


@pytest.fixture
def polsek_b_objects(area_b1, officer_b, visit_b, incident_b):
    return {"area": area_b1, "officer": officer_b, "visit": visit_b, "incident": incident_b}


@pytest.mark.parametrize("kind", ["area", "officer", "visit", "incident"])
def test_another_units_change_page_is_a_404(client, operator_a, polsek_b_objects, kind):
    client.force_login(operator_a)

    response = client.get(change_page(polsek_b_objects[kind]))

    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["area", "officer", "visit", "incident"])
def test_another_units_history_and_delete_pages_are_404s(
    client, operator_a, polsek_b_objects, kind
):
    client.force_login(operator_a)
    url = change_page(polsek_b_objects[kind])

    assert client.get(url.replace("/change/", "/history/")).status_code == 404
    assert client.get(url.replace("/change/", "/delete/")).status_code == 404


def test_posting_a_change_to_another_units_area_is_a_404_and_changes_nothing(
    client, operator_a, area_b1, polsek_a
):
    client.force_login(operator_a)

    response = client.post(
        change_page(area_b1),
        {"code": area_b1.code, "name": "Diubah", "kind": "desa", "unit": polsek_a.pk},
    )

    assert response.status_code == 404
    area_b1.refresh_from_db()
    assert area_b1.name == "Desa B1"
    assert area_b1.unit.code == "POLSEK-B"


def test_posting_a_change_to_another_units_officer_is_a_404_and_changes_nothing(
    client, operator_a, officer_b
):
    client.force_login(operator_a)

    response = client.post(change_page(officer_b), {"nrp": officer_b.nrp, "name": "Diubah"})

    assert response.status_code == 404
    officer_b.refresh_from_db()
    assert officer_b.name == "Budi"


def test_deleting_another_units_visit_through_the_bulk_action_deletes_nothing(
    client, operator_a, visit_b
):
    client.force_login(operator_a)

    client.post(
        changelist(Visit),
        {"action": "delete_selected", "_selected_action": [visit_b.pk], "post": "yes"},
    )

    assert Visit.objects.filter(pk=visit_b.pk).exists()


def test_an_operator_can_change_their_own_units_area(client, operator_a, area_a1, polsek_a):
    client.force_login(operator_a)

    response = client.post(
        change_page(area_a1),
        {
            "code": area_a1.code,
            "name": "Desa A1 Baru",
            "kind": "desa",
            "unit": polsek_a.pk,
            "kakerda_level": "high",
        },
    )

    assert response.status_code == 302
    area_a1.refresh_from_db()
    assert area_a1.name == "Desa A1 Baru"


@pytest.mark.parametrize("persona", ["alice", "kapolsek_a", "kasat", "nobody"])
def test_users_who_are_not_staff_get_no_admin_page(client, request, area_a1, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(changelist(AssistedArea), follow=True)

    assert response.status_code == 403
    assert "Desa A1" not in response.content.decode()


def test_an_operator_without_a_unit_gets_no_admin_page(client, area_a1):
    loose = UserFactory(username="loose", role=User.Role.OPERATOR, unit=None)
    client.force_login(loose)

    response = client.get(changelist(AssistedArea), follow=True)

    assert response.status_code == 403
    assert "Desa A1" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, area_a1):
    response = client.get(changelist(AssistedArea))

    assert response.status_code == 302
    assert "Desa A1" not in response.content.decode()


def test_the_unit_dropdown_on_a_new_area_offers_only_units_in_scope(
    client, operator_a, polsek_a, polsek_b
):
    client.force_login(operator_a)

    response = client.get(reverse("admin:bhabin_assistedarea_add"))

    choices = response.context["adminform"].form.fields["unit"].queryset
    assert list(choices) == [polsek_a]


def test_an_area_cannot_be_moved_into_another_unit_by_posting_its_id(
    client, operator_a, area_a1, polsek_b
):
    client.force_login(operator_a)

    response = client.post(
        change_page(area_a1),
        {"code": area_a1.code, "name": "Desa A1", "kind": "desa", "unit": polsek_b.pk},
    )

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    area_a1.refresh_from_db()
    assert area_a1.unit.code == "POLSEK-A"


def test_the_officer_autocomplete_offers_only_officers_in_scope(client, operator_a, alice, bob):
    client.force_login(operator_a)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "bhabin", "model_name": "visit", "field_name": "officer", "term": ""},
    )

    assert response.status_code == 200
    names = {row["text"] for row in response.json()["results"]}
    assert names == {str(alice.officer)}


def test_the_unit_filter_names_no_unit_out_of_scope(client, operator_a, alice, bob):
    client.force_login(operator_a)

    response = client.get(changelist(Officer))

    assert "Polsek B" not in response.content.decode()


def test_the_unit_filter_offers_the_units_found_in_the_rows(client, superuser, alice, bob):
    client.force_login(superuser)

    response = client.get(changelist(Officer))

    unit_filter = next(f for f in response.context["cl"].filter_specs if f.field_path == "unit")
    assert sorted(name for _pk, name in unit_filter.lookup_choices) == ["Polsek A", "Polsek B"]


# The same number of queries for 3 rows as for 30, i.e. none per row. Both lists cost: the
# session, the user (+unit, officer; the scope is the unit's tree path, no query), the filtered
# count, the unfiltered count (show_full_result_count), and the rows with their related columns
# joined (one page: no LIMIT). Officer adds the choices of its unit filter (1): 6. Visit adds the
# choices of its activity and unit filters (2) and its date hierarchy (2: the date range, then
# the days): 9.
OFFICER_CHANGELIST_QUERIES = 6
VISIT_CHANGELIST_QUERIES = 9


@pytest.mark.parametrize("rows", [3, 30])
def test_the_officer_changelist_costs_a_fixed_number_of_queries(
    client, operator_a, polsek_a, django_assert_num_queries, rows
):
    OfficerFactory.create_batch(rows, unit=polsek_a)
    client.force_login(operator_a)

    # 6: session, user; the unit filter's choices; the filtered count, the full count; the rows.
    with django_assert_num_queries(OFFICER_CHANGELIST_QUERIES):
        response = client.get(changelist(Officer))
        assert response.status_code == 200

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_visit_changelist_costs_a_fixed_number_of_queries(
    client, operator_a, alice, area_a1, django_assert_num_queries, rows
):
    VisitFactory.create_batch(rows, officer=alice.officer, area=area_a1)
    client.force_login(operator_a)

    # 9: session, user; the activity and the unit filters' choices; the filtered count, the full
    # count; the rows (+area, unit, officer, activity); the date hierarchy's range and its days.
    with django_assert_num_queries(VISIT_CHANGELIST_QUERIES):
        response = client.get(changelist(Visit))
        assert response.status_code == 200

    assert len(response.context["cl"].result_list) == rows
