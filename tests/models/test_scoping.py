"""`visible_to` itself: deny by default, own unit, the subtree below, an officer's own rows.

Each test walks every model at once and lists the models that break the rule, so that one
fixture build serves them all and a failure names every offender.
"""

from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from bhabin.models import Assignment, AssistedArea, EarlyWarning, ProblemCase, Visit, VisitSchedule
from conflicts.models import InvolvedPerson, Involvement
from org.models import PoliceUnit
from org.scoping import ReferenceQuerySet
from personnel.models import CompetencyAssessment, Officer, OtherDuty, TrainingRecord, User
from tests.factories import AssignmentFactory, OfficerFactory, UserFactory, VisitFactory

DOMAIN_APPS = ("bhabin", "personnel", "conflicts", "budget", "reports")

SCOPED_MODELS = [
    model
    for model in apps.get_models()
    if not model.__module__.startswith("django.") and hasattr(model._default_manager, "visible_to")
]
REFERENCE_MODELS = [
    model for model in SCOPED_MODELS if isinstance(model._default_manager.all(), ReferenceQuerySet)
]
# Models whose rows belong to a unit, in the apps the scoping fixture covers.
UNIT_MODELS = [
    model
    for model in SCOPED_MODELS
    if model not in REFERENCE_MODELS and model._meta.app_label in DOMAIN_APPS
]
# Models whose rows an officer owns: an officer sees their own and not a colleague's.
OFFICER_OWNED_MODELS = [
    Assignment,
    Visit,
    EarlyWarning,
    ProblemCase,
    VisitSchedule,
    TrainingRecord,
    CompetencyAssessment,
    OtherDuty,
]


def visible_pks(model, user):
    return set(model._default_manager.visible_to(user).values_list("pk", flat=True))


def test_the_scoped_models_include_the_domain_and_reference_models():
    names = {model.__name__ for model in SCOPED_MODELS}

    assert {"PoliceUnit", "AssistedArea", "Visit", "Officer", "User", "Incident"} <= names
    assert {"BudgetLine", "Facility", "Region", "Activity", "ConflictCategory"} <= names


def test_every_unit_scoped_domain_model_has_a_row_in_the_scoping_fixture(rows_a):
    missing = {model.__name__ for model in UNIT_MODELS} - set(rows_a)

    assert missing == set(), "add a row for these models to tests/models/conftest.py"


def test_a_user_without_a_unit_sees_nothing_of_any_model(rows_a, rows_b, nobody):
    leaks = [
        model._meta.label
        for model in SCOPED_MODELS
        if not model._default_manager.visible_to(nobody).query.is_empty()
        or model._default_manager.visible_to(nobody).exists()
    ]

    assert leaks == []


def test_an_anonymous_user_sees_nothing_of_any_model(rows_a, rows_b):
    anonymous = AnonymousUser()
    leaks = [
        model._meta.label
        for model in SCOPED_MODELS
        if not model._default_manager.visible_to(anonymous).query.is_empty()
    ]

    assert leaks == []


def test_an_inactive_user_sees_nothing_of_any_model(rows_a, kapolsek_a):
    kapolsek_a.is_active = False
    leaks = [
        model._meta.label
        for model in SCOPED_MODELS
        if model._default_manager.visible_to(kapolsek_a).exists()
    ]

    assert leaks == []


def test_reference_data_is_visible_to_every_user_with_a_unit(kapolsek_a, alice):
    hidden = [
        (model._meta.label, user.username)
        for model in REFERENCE_MODELS
        for user in (kapolsek_a, alice)
        if visible_pks(model, user) != set(model._default_manager.values_list("pk", flat=True))
    ]

    assert hidden == []


def test_a_kapolsek_sees_their_own_units_rows_and_not_another_polseks(rows_a, rows_b, kapolsek_a):
    wrong = []
    for model in UNIT_MODELS:
        visible = visible_pks(model, kapolsek_a)
        if rows_a[model.__name__].pk not in visible or rows_b[model.__name__].pk in visible:
            wrong.append(model._meta.label)

    assert wrong == []


def test_the_kasat_at_the_polres_sees_the_rows_of_every_polsek_below(rows_a, rows_b, kasat):
    wrong = [
        model._meta.label
        for model in UNIT_MODELS
        if not {rows_a[model.__name__].pk, rows_b[model.__name__].pk} <= visible_pks(model, kasat)
    ]

    assert wrong == []


def test_a_user_at_the_polda_sees_the_polsek_two_levels_below(rows_a, rows_b, polres):
    polda_user = UserFactory(role=User.Role.LEADERSHIP, unit=polres.parent)

    assert visible_pks(Visit, polda_user) == {rows_a["Visit"].pk, rows_b["Visit"].pk}


def test_a_kapolsek_does_not_see_the_polres_above(kapolsek_a, polres):
    assert polres.pk not in visible_pks(PoliceUnit, kapolsek_a)


def test_an_officer_sees_only_their_own_visits(rows_a, alice, polsek_a, area_a1):
    colleague = OfficerFactory(unit=polsek_a, name="Carol")
    AssignmentFactory(officer=colleague, area__unit=polsek_a)
    colleagues_visit = VisitFactory(officer=colleague, area=area_a1)

    visible = visible_pks(Visit, alice)

    assert visible == {rows_a["Visit"].pk}
    assert colleagues_visit.pk not in visible


def test_an_officer_sees_only_their_own_field_records(rows_a, alice, polsek_a):
    colleague = UserFactory(
        role=User.Role.OFFICER, unit=polsek_a, officer=OfficerFactory(unit=polsek_a)
    )
    wrong = [
        model._meta.label
        for model in OFFICER_OWNED_MODELS
        if visible_pks(model, alice) != {rows_a[model.__name__].pk}
        or rows_a[model.__name__].pk in visible_pks(model, colleague)
    ]

    assert wrong == []


def test_an_officer_sees_only_their_own_officer_record(rows_a, alice, polsek_a):
    OfficerFactory(unit=polsek_a)

    assert visible_pks(Officer, alice) == {alice.officer_id}


def test_an_officer_sees_the_areas_of_their_own_unit_only(rows_a, rows_b, alice, polsek_a):
    visible = visible_pks(AssistedArea, alice)

    assert rows_a["AssistedArea"].pk in visible
    assert rows_b["AssistedArea"].pk not in visible


def test_an_officer_does_not_see_the_people_involved_in_incidents(rows_a, alice):
    assert visible_pks(InvolvedPerson, alice) == set()
    assert visible_pks(Involvement, alice) == set()
