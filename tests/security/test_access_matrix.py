"""Every URL of the project, for every role, on its own unit, another unit, and anonymously.

The URLs come from the URLconf at test time (`get_resolver()`, walked recursively), so a page
added tomorrow is in the matrix tomorrow: a URL name missing from EXPECTATIONS fails
`test_every_url_has_an_expectation`, telling its author to add one. Admin URLs are covered
generically: the index, and for every registered model its list and the change page of a row of
the user's own unit and of another unit.

Outcomes: "ok" (200, 204, or a redirect elsewhere than the login page), "login" (redirect to the
login page), or a status code (403, 404, 405). Roles are in ROLES order in each string.
The own/other worlds are built in tests/security/conftest.py.

Print the matrix size with `pytest tests/security/test_access_matrix.py -s -k size`. To see the
outcomes the code gives today (e.g. for a new URL), run with ACCESS_MATRIX_DUMP=1 and -s.
"""

import os
import uuid
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("officer", "kapolsek", "kasat_binmas", "operator", "leadership", "admin")
DUMP = os.environ.get("ACCESS_MATRIX_DUMP") == "1"


@dataclass(frozen=True)
class Expect:
    """What each role gets from a URL: `own` with own-unit parameters, `other` with another
    unit's (None for a URL without unit parameters), and an anonymous visitor."""

    own: str
    other: str | None = None
    params: object = None  # world -> kwargs for reverse(); None for a URL without parameters
    anonymous: str = "login"


def rows(name, attr="pk", key="pk"):
    return lambda w: {key: getattr(w.rows[name], attr)}


def code(w):
    return {"code": w.unit.code}


def kind(kind_segment, row):
    return lambda w: {"kind": kind_segment, "pk": w.rows[row].pk}


ALL_OK = "ok ok ok ok ok ok"
ALL_404 = "404 404 404 404 404 404"


def fixed(**kwargs):
    return lambda w: kwargs


def feed(w):
    return {"token": w.feed_token}


def batch(w):
    return {"pk": w.batch.pk}


def job(w):
    return {"pk": w.job.pk}


def monthly(w):
    return {"code": w.unit.code, "period": "2022-06"}


def verification(w):
    return {"code": w.verification_code}


def risk_area(w):
    return {"code": w.unit.code, "area_id": w.rows["AssistedArea"].pk}


# How to fill each URL's parameters from a unit's world (used in dump mode for new URLs too).
PARAMS = {
    "bhabin:calendar-feed": feed,
    "dashboard:area": rows("AssistedArea"),
    "dashboard:officer": rows("Officer"),
    "dashboard:unit": code,
    "bhabin:early-warning-detail": rows("EarlyWarning"),
    "imports:cancel": batch,
    "imports:confirm": batch,
    "imports:detail": batch,
    "jobs:detail": job,
    "jobs:status": job,
    "jobs:download": job,
    "jobs:retry": job,
    "imports:map": batch,
    "imports:errors": batch,
    "conflicts:incident-detail": rows("Incident"),
    "monthly:pdf": monthly,
    "monthly:approval-step": monthly,
    "monthly:verify": verification,
    "motul:edit": rows("MotulPlan"),
    "motul:pdf": rows("MotulPlan"),
    "optimisation:overview": code,
    "optimisation:job": code,
    "optimisation:pdf": code,
    "optimisation:risk": code,
    "optimisation:risk-area": risk_area,
    "bhabin:problem-case-detail": rows("ProblemCase"),
    "bhabin:report-correct": kind("kunjungan", "Visit"),
    "bhabin:review-item": kind("kunjungan", "Visit"),
    "bhabin:schedule-board": code,
    "bhabin:schedule-entry-add": code,
    "bhabin:schedule-entry-delete": rows("VisitSchedule"),
    "bhabin:schedule-entry-edit": rows("VisitSchedule"),
    "bhabin:schedule-plan": code,
    "bhabin:unit-detail": code,
    "bhabin:visit-detail": rows("Visit"),
    "bhabin:visit-photo": rows("Visit"),
}
UNIT_FREE_PARAMS = {
    "recaps:table": fixed(table="bhabin"),
    "recaps:xlsx": fixed(table="bhabin"),
    "bhabin:report-create": fixed(kind="kunjungan"),
}

# Filled from a run with ACCESS_MATRIX_DUMP=1 and then read line by line: every "ok" on another
# unit's object would be a leak, every "ok" for a role outside a page's audience a hole.
NOT_OFFICER = "403 ok ok ok ok ok"  # the pages for commanders and staff, not field officers
OTHER_NOT_OFFICER = "403 404 404 404 404 404"
POST_ONLY = "405 405 405 405 405 405"  # a GET is refused before anything is looked up
EXPECTATIONS = {
    # Open to everyone signed in; their rows come through visible_to.
    "home": Expect(own=ALL_OK),
    "bhabin:area-list": Expect(own=ALL_OK),
    "bhabin:visit-list": Expect(own=ALL_OK),
    "bhabin:schedule-list": Expect(own=ALL_OK),
    "bhabin:officer-list": Expect(own=ALL_OK),
    "conflicts:incident-list": Expect(own=ALL_OK),
    "bhabin:early-warning-list": Expect(own=ALL_OK),
    "bhabin:problem-case-list": Expect(own=ALL_OK),
    "motul:list": Expect(own=ALL_OK),
    "bhabin:area-export": Expect(own=ALL_OK),
    "bhabin:visit-export": Expect(own=ALL_OK),
    "bhabin:officer-export": Expect(own=ALL_OK),
    "conflicts:incident-export": Expect(own=ALL_OK),
    # The one page of an area and of an officer, for everyone who may see them.
    "dashboard:area": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["dashboard:area"]),
    "dashboard:officer": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["dashboard:officer"]),
    "bhabin:unit-detail": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:unit-detail"]),
    "bhabin:visit-detail": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:visit-detail"]),
    "bhabin:visit-photo": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:visit-photo"]),
    "bhabin:early-warning-detail": Expect(
        own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:early-warning-detail"]
    ),
    "bhabin:problem-case-detail": Expect(
        own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:problem-case-detail"]
    ),
    "conflicts:incident-detail": Expect(
        own=ALL_OK, other=ALL_404, params=PARAMS["conflicts:incident-detail"]
    ),
    "motul:edit": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["motul:edit"]),
    "motul:pdf": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["motul:pdf"]),
    "bhabin:schedule-board": Expect(
        own=ALL_OK, other=ALL_404, params=PARAMS["bhabin:schedule-board"]
    ),
    # Field work: the officer writes, the Kapolsek and Kasat review.
    "bhabin:report-create": Expect(
        own="ok 403 403 403 403 403", params=UNIT_FREE_PARAMS["bhabin:report-create"]
    ),
    # The officer's own visit is not waiting for a correction: a redirect to it.
    "bhabin:report-correct": Expect(
        own="ok 403 403 403 403 403",
        other="404 403 403 403 403 403",
        params=PARAMS["bhabin:report-correct"],
    ),
    # The officer's phone app: the service worker and the offline page are the same for
    # everyone and name nobody (the browser fetches them whoever is signed in, or nobody); the
    # outbox and its token are the officer's.
    "bhabin:service-worker": Expect(own=ALL_OK, anonymous="ok"),
    "bhabin:offline": Expect(own=ALL_OK, anonymous="ok"),
    "bhabin:outbox": Expect(own="ok 403 403 403 403 403"),
    "bhabin:outbox-token": Expect(own="ok 403 403 403 403 403"),
    "bhabin:review-inbox": Expect(own="403 ok ok 403 403 403"),
    "bhabin:review-accept": Expect(own=POST_ONLY),
    "bhabin:review-item": Expect(
        own="403 ok ok 403 403 403",
        other="403 404 404 403 403 403",
        params=PARAMS["bhabin:review-item"],
    ),
    # Schedules: an officer has their own; planners are the Kapolsek, Kasat and admin.
    "bhabin:my-schedule": Expect(own="ok 404 404 404 404 404"),
    "bhabin:calendar-feed-renew": Expect(own=POST_ONLY),
    "bhabin:calendar-feed-revoke": Expect(own=POST_ONLY),
    "bhabin:schedule-plan": Expect(
        own="403 ok ok 403 403 ok", other=ALL_404, params=PARAMS["bhabin:schedule-plan"]
    ),
    "bhabin:schedule-entry-add": Expect(
        own="403 ok ok 403 403 ok", other=ALL_404, params=PARAMS["bhabin:schedule-entry-add"]
    ),
    "bhabin:schedule-entry-edit": Expect(
        own="403 ok ok 403 403 ok", other=ALL_404, params=PARAMS["bhabin:schedule-entry-edit"]
    ),
    "bhabin:schedule-entry-delete": Expect(
        own="403 ok ok 403 403 ok", other=ALL_404, params=PARAMS["bhabin:schedule-entry-delete"]
    ),
    # The secret token in the address is the credential: no login, whoever holds it (a
    # calendar app) gets that one officer's schedule; a wrong token is tested below.
    "bhabin:calendar-feed": Expect(
        own=ALL_OK, other=ALL_OK, params=PARAMS["bhabin:calendar-feed"], anonymous="ok"
    ),
    # Reports for commanders and staff.
    "dashboard:overview": Expect(own=NOT_OFFICER),
    "dashboard:unstaffed": Expect(own=NOT_OFFICER),
    "dashboard:unit": Expect(
        own=NOT_OFFICER, other=OTHER_NOT_OFFICER, params=PARAMS["dashboard:unit"]
    ),
    "recaps:index": Expect(own=NOT_OFFICER),
    "recaps:table": Expect(own=NOT_OFFICER, params=UNIT_FREE_PARAMS["recaps:table"]),
    "recaps:xlsx": Expect(own=NOT_OFFICER, params=UNIT_FREE_PARAMS["recaps:xlsx"]),
    "monthly:index": Expect(own=NOT_OFFICER),
    "monthly:pdf": Expect(own=NOT_OFFICER, other=OTHER_NOT_OFFICER, params=PARAMS["monthly:pdf"]),
    # The month ladder: its signers (Kapolsek, Kasat Binmas, leadership); a step is a POST.
    "monthly:approvals": Expect(own="403 ok ok 403 ok 403"),
    "monthly:approval-step": Expect(
        own=POST_ONLY, other=POST_ONLY, params=PARAMS["monthly:approval-step"]
    ),
    # The verification page of an approved PDF: a signed-in user of the unit or above.
    "monthly:verify": Expect(own=ALL_OK, other=ALL_404, params=PARAMS["monthly:verify"]),
    # Optimisation: commanders and leadership, not the officer or the operator.
    **{
        name: Expect(
            own="403 ok ok 403 ok ok", other="403 404 404 403 404 404", params=PARAMS[name]
        )
        for name in (
            "optimisation:overview",
            "optimisation:pdf",
            "optimisation:risk",
            "optimisation:risk-area",
        )
    },
    # Reports made in a background job: POST only.
    "monthly:job": Expect(own=POST_ONLY),
    "optimisation:job": Expect(own=POST_ONLY, other=POST_ONLY, params=PARAMS["optimisation:job"]),
    # Imports: the Kasat, operators and administrators; data quality adds leadership.
    "imports:list": Expect(own="403 403 ok ok 403 ok"),
    "imports:detail": Expect(
        own="403 403 ok ok 403 ok", other="403 403 404 404 403 404", params=PARAMS["imports:detail"]
    ),
    "imports:confirm": Expect(own=POST_ONLY, other=POST_ONLY, params=PARAMS["imports:confirm"]),
    "imports:cancel": Expect(own=POST_ONLY, other=POST_ONLY, params=PARAMS["imports:cancel"]),
    "imports:map": Expect(own=POST_ONLY, other=POST_ONLY, params=PARAMS["imports:map"]),
    "imports:errors": Expect(
        own="403 403 ok ok 403 ok", other="403 403 404 404 403 404", params=PARAMS["imports:errors"]
    ),
    "imports:data-quality": Expect(own="403 403 ok ok ok ok"),
    # Background jobs: each is seen by the person who started it and by nobody else, whatever
    # their role or unit (the world's job is its officer's).
    "jobs:list": Expect(own=ALL_OK),
    **{
        name: Expect(own="ok 404 404 404 404 404", other=ALL_404, params=PARAMS[name])
        for name in ("jobs:detail", "jobs:status", "jobs:download")
    },
    "jobs:retry": Expect(own=POST_ONLY, other=POST_ONLY, params=PARAMS["jobs:retry"]),
    # Accounts and language: the login page sends a signed-in user home; logout is POST only.
    "login": Expect(own=ALL_OK, anonymous="ok"),
    "logout": Expect(own=POST_ONLY),
    "set_language": Expect(own=ALL_OK, anonymous="ok"),
}


def walk(patterns, prefix="", namespace=None):
    """(name, route) of every named URL, admin aside."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = pattern.namespace or namespace
            if space == "admin":
                continue
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def url_names():
    return sorted({name for name, _ in walk(get_resolver().url_patterns)})


def outcome(response):
    if response.status_code in (301, 302):
        return "login" if response.url.startswith(reverse("login")) else "ok"
    if response.status_code in (200, 204):
        return "ok"
    return str(response.status_code)


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    # The admin sends whoever it refuses to its own login view, which answers for it: the
    # product's login page for a visitor, 403 for a signed-in user without admin rights.
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        response = client.get(response.url)
    return outcome(response)


def test_every_url_has_an_expectation():
    missing = [name for name in url_names() if name not in EXPECTATIONS]
    assert not missing, (
        f"URL names without an access expectation: {missing}. Add each to EXPECTATIONS in "
        "tests/security/test_access_matrix.py with what every role gets on its own unit, on "
        "another unit and anonymously (ACCESS_MATRIX_DUMP=1 pytest ... -s prints today's)."
    )


def test_no_expectation_is_left_for_a_url_that_is_gone():
    assert sorted(set(EXPECTATIONS) - set(url_names())) == []


@pytest.mark.parametrize("name", url_names())
def test_each_url_gives_every_role_what_the_table_says(client, matrix_world, name):
    expect = EXPECTATIONS.get(name)
    if expect is None and not DUMP:
        pytest.fail(f"{name} has no expectation: see test_every_url_has_an_expectation")
    if expect is None:
        params = PARAMS.get(name) or UNIT_FREE_PARAMS.get(name)
        expect = Expect(own=ALL_OK, other=ALL_OK if name in PARAMS else None, params=params)
    users = matrix_world["users"]
    own_world = matrix_world["own"]

    def url_for(world):
        kwargs = expect.params(world) if expect.params else {}
        return reverse(name, kwargs=kwargs)

    got_own = [get(client, users[role], url_for(own_world)) for role in ROLES]
    got_other = None
    if expect.other is not None:
        got_other = [
            get(client, users[role], url_for(matrix_world["other_of"][role])) for role in ROLES
        ]
    got_anonymous = get(client, None, url_for(own_world))
    if DUMP:
        print(
            f'\n    "{name}": own="{" ".join(got_own)}" other="{" ".join(got_other or [])}"'
            f' anonymous="{got_anonymous}"'
        )
        return
    mismatches = []
    for scope, wanted, got in (("own", expect.own, got_own), ("other", expect.other, got_other)):
        if got is None:
            continue
        for role, want, have in zip(ROLES, wanted.split(), got, strict=True):
            if want != have:
                mismatches.append(f"{role} on {scope} unit: expected {want}, got {have}")
    if got_anonymous != expect.anonymous:
        mismatches.append(f"anonymous: expected {expect.anonymous}, got {got_anonymous}")
    assert mismatches == []


# Admin: the index, and per registered model its list and the change page of a row of the
# user's own unit and of another unit (for models with a row per unit in the world).

ADMIN_ROLES = ("operator", "admin")
# Apps outside the role grants (personnel/backends.py): for superusers only.
SUPERUSER_ONLY_APPS = frozenset({"axes", "auditlog", "audit", "auth"})
# Models one of the admin roles may not open at all, with what the change page of an own-unit
# row answers: 404 where the queryset itself is empty for the role (people involved), 403 where
# the row is in scope but the model is closed to the role (accounts).
ADMIN_CLOSED = {
    "operator": {
        "conflicts.involvedperson": "404",
        "conflicts.involvement": "404",
        "personnel.user": "403",
    },
    "admin": {},
}


def admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def expected_admin(role, model, scope):
    """What a role gets on an admin page of a model: the rule, written out."""
    if role not in ADMIN_ROLES:
        return "403"  # the admin site is for staff roles only
    label = model._meta.label_lower
    if model._meta.app_label in SUPERUSER_ONLY_APPS:
        return "403"
    if label in ADMIN_CLOSED[role]:
        return {"list": "403", "own": ADMIN_CLOSED[role][label], "other": "404"}[scope]
    return "404" if scope == "other" else "ok"


def test_the_admin_index_is_for_operators_and_administrators(client, matrix_world):
    users = matrix_world["users"]
    got = {role: get(client, users[role], reverse("admin:index")) for role in ROLES}
    got["anonymous"] = get(client, None, reverse("admin:index"))

    assert got == {
        "officer": "403",
        "kapolsek": "403",
        "kasat_binmas": "403",
        "operator": "ok",
        "leadership": "403",
        "admin": "ok",
        "anonymous": "login",
    }


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_each_admin_list_and_change_page_follows_the_role_and_unit_rule(
    client, matrix_world, model
):
    users = matrix_world["users"]
    name = model.__name__
    pages = [("list", admin_url(model, "changelist"))]
    if name in matrix_world["own"].rows:
        pages.append(("own", admin_url(model, "change", matrix_world["own"].rows[name].pk)))
    mismatches = []
    for role in ROLES:
        role_pages = list(pages)
        other = matrix_world["other_of"][role].rows.get(name)
        if other is not None:
            role_pages.append(("other", admin_url(model, "change", other.pk)))
        for scope, url in role_pages:
            want, have = expected_admin(role, model, scope), get(client, users[role], url)
            if want != have:
                mismatches.append(f"{role} {url}: expected {want}, got {have}")
    for _, url in pages:
        if (have := get(client, None, url)) != "login":
            mismatches.append(f"anonymous {url}: expected login, got {have}")
    assert mismatches == []


# Beyond GET: state-changing requests on another unit's objects, and hostile parameters.


UNIT_BOUND = sorted(name for name in PARAMS if name != "bhabin:calendar-feed")
DENIED = {"403", "404", "405"}


@pytest.mark.parametrize("name", UNIT_BOUND)
def test_no_role_can_post_to_another_units_object(client, matrix_world, name):
    users = matrix_world["users"]
    got = {}
    for role in ROLES:
        client.force_login(users[role])
        url = reverse(name, kwargs=PARAMS[name](matrix_world["other_of"][role]))
        got[role] = outcome(client.post(url, {}))

    assert {role: have for role, have in got.items() if have not in DENIED} == {}


HOSTILE_TEXT = [
    "POLSEK-A' OR '1'='1",
    "POLSEK-A%00",
    "PÖLSEK-Å",
    "x" * 1000,
    "<script>alert(1)</script>",
]
HOSTILE_INTS = [0, 2**63 + 1]  # the second overflows a 64-bit integer column
HOSTILE_PERIODS = ["2022-13", "2022-00", "99999-01", "2022-1-1"]
# A job's id is a UUID: the nil one, the largest, and one in capitals (the converter's pattern
# is lower-case; a text that is no UUID cannot be put in the address at all).
HOSTILE_UUIDS = [
    uuid.UUID(int=0),
    uuid.UUID(int=2**128 - 1),
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
]


def hostile_variants(kwargs):
    for key, value in kwargs.items():
        if key == "kind":
            continue
        if isinstance(value, int):
            candidates = HOSTILE_INTS
        elif isinstance(value, uuid.UUID):
            candidates = HOSTILE_UUIDS
        elif key == "period":
            candidates = HOSTILE_PERIODS
        else:
            candidates = HOSTILE_TEXT
        for candidate in candidates:
            yield {**kwargs, key: candidate}


def reversible(name, kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # a converter refuses the value (e.g. a slug with a quote): no such URL
        return None


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_hostile_parameters_get_a_refusal_never_a_page_or_a_crash(client, matrix_world, name):
    users = matrix_world["users"]
    urls = [
        url
        for kwargs in hostile_variants(PARAMS[name](matrix_world["own"]))
        if (url := reversible(name, kwargs))
    ]
    assert urls, f"no hostile variant of {name} could be built"
    failures = []
    for role in ("officer", "kapolsek", "admin"):
        client.force_login(users[role])
        for url in urls:
            # The test client re-raises a server error, so a crash fails the test by itself.
            if (have := outcome(client.get(url))) not in DENIED:
                failures.append(f"{role} {url[:120]}: {have}")
    assert failures == []


def test_a_wrong_calendar_token_is_a_404_for_anyone(client, matrix_world):
    wrong = reverse("bhabin:calendar-feed", kwargs={"token": matrix_world["own"].feed_token + "x"})

    assert get(client, None, wrong) == "404"
    assert get(client, matrix_world["users"]["admin"], wrong) == "404"


def count_cases(unit_row_models):
    cases = 0
    for name in url_names():
        expect = EXPECTATIONS[name]
        cases += len(ROLES) * (2 if expect.other is not None else 1) + 1
    cases += len(ROLES) + 1  # admin index
    for model in admin_models():
        has_rows = model.__name__ in unit_row_models
        cases += len(ROLES) * (3 if has_rows else 1)  # list, own change, other change
        cases += 2 if has_rows else 1  # anonymous
    cases += len(UNIT_BOUND) * len(ROLES)  # POSTs to another unit's objects
    return cases


def test_the_matrix_size(capsys, matrix_world):
    cases = count_cases(set(matrix_world["own"].rows))
    with capsys.disabled():
        print(
            f"\naccess matrix: {len(url_names())} URL names, the admin index and "
            f"{len(admin_models())} admin models, x {len(ROLES)} roles x own unit / other unit "
            f"/ anonymous, and POSTs to another unit: {cases} cases "
            "(hostile-parameter requests besides)"
        )
    assert cases > 900


# The admin's "view on site" shortcut, history pages and delete confirmations (issue 16, 11):
# another unit's row is a 404 on each, as on its change page.


def shortcut_url(row):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(type(row))
    return reverse("admin:view_on_site", args=[content_type.pk, row.pk])


def expected_shortcut(role, model, scope):
    if role not in ADMIN_ROLES:
        return "403"
    label = model._meta.label_lower
    if (
        scope == "other"
        or label in ADMIN_CLOSED[role]
        or model._meta.app_label in SUPERUSER_ONLY_APPS
    ):
        return "404"
    return "ok"


def linked_models(world):
    return [
        model
        for model in admin_models()
        if model.__name__ in world.rows and hasattr(model, "get_absolute_url")
    ]


def test_the_admin_shortcut_opens_only_rows_in_scope(client, matrix_world):
    users = matrix_world["users"]
    models = linked_models(matrix_world["own"])
    assert models, "no model with a page of its own in the matrix world"
    mismatches = []
    for model in models:
        for role in ROLES:
            rows = {
                "own": matrix_world["own"].rows[model.__name__],
                "other": matrix_world["other_of"][role].rows[model.__name__],
            }
            for scope, row in rows.items():
                want = expected_shortcut(role, model, scope)
                if (have := get(client, users[role], shortcut_url(row))) != want:
                    mismatches.append(f"{role} {model.__name__} {scope}: want {want}, got {have}")
    for value in ("0/1", f"{2**64}/1", "x/1"):
        url = reverse("admin:index") + f"r/{value}/"
        if (have := get(client, users["admin"], url)) != "404":
            mismatches.append(f"admin {url}: want 404, got {have}")
    assert mismatches == []


@pytest.mark.parametrize("view", ["history", "delete"])
def test_another_units_history_and_delete_confirmation_are_404s(client, matrix_world, view):
    users = matrix_world["users"]
    mismatches = []
    for model in admin_models():
        for role in ROLES:
            other = matrix_world["other_of"][role].rows.get(model.__name__)
            if other is None:
                continue
            want = expected_admin(role, model, "other")
            if (have := get(client, users[role], admin_url(model, view, other.pk))) != want:
                mismatches.append(f"{role} {model.__name__} {view}: want {want}, got {have}")
    assert mismatches == []


def test_the_own_history_page_follows_the_change_page_rule(client, matrix_world):
    users = matrix_world["users"]
    mismatches = []
    for model in admin_models():
        own = matrix_world["own"].rows.get(model.__name__)
        if own is None:
            continue
        for role in ROLES:
            want = expected_admin(role, model, "own")
            if (have := get(client, users[role], admin_url(model, "history", own.pk))) != want:
                mismatches.append(f"{role} {model.__name__} history: want {want}, got {have}")
    assert mismatches == []
