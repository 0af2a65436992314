"""Reference data the whole Polda shares (holidays, the allowance rate, activities, categories,
facility types, MOTUL steps, courses, regions) is written only at the Polda or by superusers
(issue 16, item 7); a Polsek or Polres administrator reads it."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from org.admin_scoping import ReferenceAdmin
from org.models import PublicHoliday
from personnel.models import User
from tests.factories import UserFactory

REFERENCE_MODELS = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReferenceAdmin)
    ),
    key=lambda model: model._meta.label,
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def polsek_admin(polsek_a):
    return UserFactory(username="admin_polsek", role=User.Role.ADMIN, unit=polsek_a)


@pytest.fixture
def polres_admin(polres):
    return UserFactory(username="admin_polres", role=User.Role.ADMIN, unit=polres)


@pytest.fixture
def polda_admin(polres):
    return UserFactory(username="admin_polda", role=User.Role.ADMIN, unit=polres.parent)


def test_every_shared_model_is_listed():
    labels = {model._meta.label for model in REFERENCE_MODELS}
    assert {
        "org.PublicHoliday",
        "budget.AllowanceRate",
        "bhabin.Activity",
        "conflicts.ConflictCategory",
        "budget.FacilityType",
        "motul.MotulStep",
    } <= labels


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda model: model._meta.label)
def test_only_the_polda_adds_shared_reference_data(
    client, polsek_admin, polres_admin, polda_admin, model
):
    got = {}
    for user in (polsek_admin, polres_admin, polda_admin):
        client.force_login(user)
        got[user.username] = client.get(admin_url(model, "add")).status_code

    assert got == {"admin_polsek": 403, "admin_polres": 403, "admin_polda": 200}


def test_a_polsek_administrator_reads_a_holiday_but_neither_changes_nor_deletes_it(
    client, polsek_admin
):
    holiday = PublicHoliday.objects.create(date=datetime.date(2031, 3, 3), name="Hari Uji")
    client.force_login(polsek_admin)

    page = client.get(admin_url(PublicHoliday, "change", holiday.pk))
    changed = client.post(
        admin_url(PublicHoliday, "change", holiday.pk),
        {"date": "2031-03-04", "name": "Diubah", "kind": holiday.kind},
    )
    deleted = client.post(admin_url(PublicHoliday, "delete", holiday.pk), {"post": "yes"})

    assert page.status_code == 200
    assert (changed.status_code, deleted.status_code) == (403, 403)
    holiday.refresh_from_db()
    assert holiday.name == "Hari Uji"
