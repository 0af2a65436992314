"""Malformed query-string values on every page of the access matrix: a message or nothing, never
a 500 (issue 16, item 10).

The parameter names are those the code reads: every `request.GET` lookup and helper call written
with a literal name in the apps, every list filter's parameters, the fields of the forms bound to
the query string, and the admin's own (search, order, page, the date hierarchy). Each URL gets
one request per malformed value with *every* parameter set to that value, a user of a Polsek and
a user of the Polres (the first role of each the table lets in) taking turns, so the cost is
URLs x values, not a product of parameters.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from imports.forms import RowFilterForm
from monthly.views import MonthlyReportForm
from org.filters import ListFilter
from tests.factories import IncidentFactory
from tests.security.test_access_matrix import EXPECTATIONS, ROLES, admin_models, admin_url

MALFORMED = [
    "0",
    "-1",
    str(2**63 + 1),  # past a 64-bit integer
    "0001-01-01",
    "9999-12-31",
    "2022-02-30",
    "x",
    "x" * 3000,
    "²⁰²²",  # digits to str.isdigit(), not to int()
    "ＰＯＬＳＥＫ–Å✓ 🚓",
]

APP_DIRS = [
    "audit",
    "bhabin",
    "budget",
    "config",
    "conflicts",
    "dashboard",
    "imports",
    "monthly",
    "motul",
    "optimisation",
    "org",
    "personnel",
    "recaps",
    "reports",
]
NAME_READERS = re.compile(
    r"""(?:GET\.get\(|GET\[|parse_param\(request,\s*|_int\(request,\s*|_parse_day\(request,\s*)"""
    r"""["']([\w-]+)["']"""
)


def read_parameters():
    """Every query-string parameter name the code reads."""
    names = set()
    for app in APP_DIRS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            names.update(NAME_READERS.findall(path.read_text(encoding="utf-8")))
    stack = list(ListFilter.__subclasses__())
    while stack:
        listed = stack.pop()
        names.update(listed.parameters)
        stack.extend(listed.__subclasses__())
    names.update(MonthlyReportForm.base_fields)
    names.update(RowFilterForm.base_fields)
    return sorted(names)


def admin_parameters(model):
    names = {"q", "o", "p", "all"}
    hierarchy = admin.site._registry[model].date_hierarchy
    if hierarchy:
        names.update(f"{hierarchy}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


def pick(expect_own, roles):
    """The first of `roles` the table lets into the page (its own unit's version)."""
    allowed = dict(zip(ROLES, expect_own.split(), strict=True))
    return next((role for role in roles if allowed[role] == "ok"), None)


POLSEK_ROLES = ("kapolsek", "officer", "admin", "operator")
POLRES_ROLES = ("kasat_binmas", "leadership")


def pages(world):
    """(url, [roles]) for every GET page of the matrix, admin lists included."""
    for name, expect in sorted(EXPECTATIONS.items()):
        if "ok" not in expect.own.split() or name in ("logout", "set_language"):
            continue
        kwargs = expect.params(world) if expect.params else {}
        roles = [r for r in (pick(expect.own, POLSEK_ROLES), pick(expect.own, POLRES_ROLES)) if r]
        yield reverse(name, kwargs=kwargs), roles, None
    for model in admin_models():
        if model._meta.app_label in ("axes", "auditlog", "audit", "auth"):
            continue
        yield admin_url(model, "changelist"), ["operator"], admin_parameters(model)


def test_the_parameter_list_holds_the_names_the_pages_read():
    names = set(read_parameters())
    # One of each way of reading: a helper, a list filter, a bound form, a plain lookup.
    assert {"tanggal", "tahun", "satuan", "period", "status", "page", "view", "unit"} <= names


class LaidOutElsewhere:
    """WeasyPrint's layout, replaced: the parameters are read and the PDF's template rendered
    before it, and laying out a PDF takes seconds that say nothing about parameters."""

    def __init__(self, string, **kwargs):
        self.string = string

    def write_pdf(self):
        return b"%PDF-1.7 " + self.string[:10].encode()


def test_no_malformed_parameter_value_is_a_server_error(client, matrix_world, monkeypatch):
    monkeypatch.setattr("reports.pdf.HTML", LaidOutElsewhere)
    users = matrix_world["users"]
    names = read_parameters()
    failures, requests = [], 0
    for url, roles, own_names in pages(matrix_world["own"]):
        for index, value in enumerate(MALFORMED):
            # One request per value, the Polsek and the Polres user taking turns.
            role = roles[index % len(roles)]
            client.force_login(users[role])
            requests += 1
            query = dict.fromkeys(own_names or names, value)
            try:
                status = client.get(url, query).status_code
            except Exception as error:  # the test client re-raises what would be a 500
                failures.append(f"{role} {url} {value[:20]!r}: {type(error).__name__}: {error}")
                continue
            if status >= 500:
                failures.append(f"{role} {url} {value[:20]!r}: {status}")
    assert requests > 500
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    "parts",
    [
        {"year": "9" * 25},
        {"year": str(2**63)},
        {"year": "9999"},  # Django steps to year 10000
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "0"},
        {"year": "-5"},
        {"year": "²⁰²²"},
        {"year": "2022", "month": "13"},
        {"year": "2022", "month": "2", "day": "30"},
    ],
    ids=lambda parts: "-".join(parts.values()),
)
def test_a_date_hierarchy_that_is_no_date_is_dropped_with_a_message(
    client, operator_a, polsek_a, parts
):
    IncidentFactory(unit=polsek_a)
    client.force_login(operator_a)
    url = reverse("admin:conflicts_incident_changelist")
    response = client.get(url, {f"occurred_on__{part}": value for part, value in parts.items()})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1  # the incident, unfiltered
    assert [str(message) for message in response.context["messages"]]
