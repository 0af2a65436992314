"""Every admin page renders, and the admin's own columns, filters and permissions work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from budget.models import BudgetLine, Realisation
from conflicts.models import InvolvedPerson, Involvement
from personnel.models import User
from tests.factories import IncidentFactory, UserFactory

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Logs the system writes (login attempts, the audit trail): nobody adds a row by hand.
SYSTEM_LOG_APPS = frozenset({"axes", "auditlog", "audit"})
# Rows only their owner makes: an officer's calendar address (its token is shown to them alone).
OWNER_MADE_MODELS = frozenset({"personnel.CalendarFeed"})
# Rows only the application writes, as a record: the review history (bhabin/services.py), the
# month ladder (monthly/approval.py).
RECORD_MODELS = frozenset({"bhabin.ReviewEvent", "org.MonthPeriod", "org.MonthPeriodStep"})


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Figures derived from other rows and kept by the services: never edited by hand, so not in
# the admin (refresh_aggregates recounts them).
DERIVED = {"bhabin.AreaMonth", "bhabin.AreaOpenItems", "conflicts.UnitIncidentMonth"}
DOMAIN_APPS = ("org", "personnel", "bhabin", "conflicts", "budget", "motul")


def test_every_domain_model_is_registered_in_the_admin_but_the_derived_figures():
    from django.apps import apps

    domain = [model for label in DOMAIN_APPS for model in apps.get_app_config(label).get_models()]

    assert sorted(m._meta.label for m in domain if m not in admin.site._registry) == sorted(DERIVED)


def test_the_fixture_gives_every_domain_model_a_row(a_little_of_everything):
    from django.apps import apps

    empty = [
        model._meta.label
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.objects.exists()
    ]

    assert empty == []


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_each_changelist_add_and_change_page_renders_for_a_superuser(
    client, superuser, a_little_of_everything, model
):
    client.force_login(superuser)

    assert client.get(admin_url(model, "changelist")).status_code == 200
    owner_made = model._meta.label in OWNER_MADE_MODELS | RECORD_MODELS
    expected_add = 403 if model._meta.app_label in SYSTEM_LOG_APPS or owner_made else 200
    assert client.get(admin_url(model, "add")).status_code == expected_add
    # The fixture gives every model of the four domain apps a row; other apps' may have none.
    obj = model.objects.first()
    if obj is not None:
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_the_admin_index_renders_for_an_operator(client, operator_a):
    client.force_login(operator_a)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["app_list"]


def test_an_operator_may_read_reference_data_but_not_change_it(client, operator_a):
    from bhabin.models import Activity

    client.force_login(operator_a)
    activity = Activity.objects.first()

    assert client.get(admin_url(Activity, "changelist")).status_code == 200
    assert client.get(admin_url(Activity, "add")).status_code == 403
    response = client.post(admin_url(Activity, "change", activity.pk), {"name": "Diubah"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.name != "Diubah"


def test_an_administrator_of_the_polda_may_change_reference_data(client, polres):
    from org.models import Region

    # Reference data is shared by the whole Polda: only its top unit writes it (issue 16, 7).
    client.force_login(
        UserFactory(username="admin_polda", role=User.Role.ADMIN, unit=polres.parent)
    )

    response = client.post(
        admin_url(Region, "add"),
        {"code": "32.16", "name": "Kabupaten Bekasi", "level": "kabupaten"},
    )

    assert response.status_code == 302
    assert Region.objects.filter(code="32.16").exists()


def test_the_user_admin_lists_only_accounts_in_scope_and_no_superuser(
    client, admin_a, operator_a, kapolsek_b, superuser
):
    client.force_login(admin_a)

    response = client.get(admin_url(User, "changelist"))

    usernames = {user.username for user in response.context["cl"].result_list}
    assert usernames == {"admin_a", "operator_a"}


def test_an_administrator_cannot_make_a_superuser(client, admin_a, operator_a):
    client.force_login(admin_a)

    response = client.get(admin_url(User, "change", operator_a.pk))

    assert "is_superuser" not in response.context["adminform"].form.fields
    assert "unit" in response.context["adminform"].form.fields


def test_an_operator_has_no_access_to_user_accounts(client, operator_a):
    client.force_login(operator_a)

    assert client.get(admin_url(User, "changelist")).status_code == 403


def test_people_involved_are_hidden_from_an_operator(client, operator_a, polsek_a):
    incident = IncidentFactory(unit=polsek_a)
    person = InvolvedPerson.objects.create(name="Fulan")
    Involvement.objects.create(incident=incident, person=person, role="perpetrator")
    client.force_login(operator_a)

    assert client.get(admin_url(InvolvedPerson, "changelist")).status_code == 403
    response = client.get(admin_url(incident, "change", incident.pk))
    assert response.status_code == 200
    assert "Fulan" not in response.content.decode()


def test_the_incident_page_shows_people_involved_to_an_administrator(client, admin_a, polsek_a):
    incident = IncidentFactory(unit=polsek_a)
    person = InvolvedPerson.objects.create(name="Fulan")
    Involvement.objects.create(incident=incident, person=person, role="perpetrator")
    client.force_login(admin_a)

    response = client.get(admin_url(incident, "change", incident.pk))

    assert "Fulan" in response.content.decode()


def test_the_recidivist_filter_lists_people_in_more_than_one_incident(client, admin_a, polsek_a):
    first, second = IncidentFactory.create_batch(2, unit=polsek_a)
    repeat = InvolvedPerson.objects.create(name="Berulang")
    once = InvolvedPerson.objects.create(name="Sekali")
    Involvement.objects.create(incident=first, person=repeat, role="perpetrator")
    Involvement.objects.create(incident=second, person=repeat, role="provocateur")
    Involvement.objects.create(incident=first, person=once, role="witness")
    client.force_login(admin_a)

    recidivists = client.get(admin_url(InvolvedPerson, "changelist"), {"recidivist": "yes"})
    others = client.get(admin_url(InvolvedPerson, "changelist"), {"recidivist": "no"})

    assert [p.name for p in recidivists.context["cl"].result_list] == ["Berulang"]
    assert [p.name for p in others.context["cl"].result_list] == ["Sekali"]
    assert recidivists.context["cl"].result_list[0].incident_count == 2


def test_the_budget_list_shows_the_remainder_of_the_revised_pagu(client, operator_a, polsek_a):
    line = BudgetLine.objects.create(
        unit=polsek_a,
        fiscal_year=2021,
        code="BIMKAMSA",
        name="Bimkamsa",
        pagu=47_360_000,
        revised_pagu=40_000_000,
    )
    Realisation.objects.create(line=line, month=1, amount=10_000_000)
    Realisation.objects.create(line=line, month=2, amount=5_500_000)
    client.force_login(operator_a)

    response = client.get(admin_url(BudgetLine, "changelist"))

    row = response.context["cl"].result_list[0]
    assert row.realised == 15_500_000
    assert row.remainder == 24_500_000
    assert "Rp24.500.000" in response.content.decode()


def test_a_budget_line_without_realisation_keeps_its_whole_pagu(client, operator_a, polsek_a):
    BudgetLine.objects.create(
        unit=polsek_a, fiscal_year=2021, code="REDAWAN", name="Redawan", pagu=26_000_000
    )
    client.force_login(operator_a)

    response = client.get(admin_url(BudgetLine, "changelist"))

    assert response.context["cl"].result_list[0].remainder == 26_000_000


def test_the_area_list_names_its_active_primary_officer(client, operator_a, alice, area_a1):
    client.force_login(operator_a)

    response = client.get(reverse("admin:bhabin_assistedarea_changelist"))

    assert "Bripka Alice" in response.content.decode()


def test_a_new_motul_plan_records_who_made_it(client, operator_a, polsek_a, area_a1):
    from motul.models import MotulPlan

    client.force_login(operator_a)

    response = client.post(
        admin_url(MotulPlan, "add"),
        {
            "unit": polsek_a.pk,
            "title": "Sambang serentak",
            "planned_on": "2022-06-01",
            "areas": [area_a1.pk],
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert MotulPlan.objects.get().created_by == operator_a


def test_an_operator_of_polsek_b_sees_only_polsek_b_users_officers(client, operator_b, bob, alice):
    client.force_login(operator_b)

    response = client.get(reverse("admin:personnel_officer_changelist"))

    assert [o.name for o in response.context["cl"].result_list] == ["Bob"]


def test_another_units_password_page_is_a_404(client, admin_a, kapolsek_b):
    client.force_login(admin_a)

    response = client.get(reverse("admin:auth_user_password_change", args=[kapolsek_b.pk]))

    assert response.status_code == 404


def test_a_superusers_account_in_the_same_unit_is_a_404_to_an_administrator(
    client, admin_a, polsek_a
):
    root = UserFactory(username="root_a", unit=polsek_a, is_superuser=True)
    client.force_login(admin_a)

    response = client.get(admin_url(User, "change", root.pk))

    assert response.status_code == 404
