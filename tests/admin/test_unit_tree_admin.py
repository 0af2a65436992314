"""The unit tree through the admin (issue 16, item 2): a Polsek operator can neither lift its
unit to the top nor move it, can still edit its own unit's other fields, creates no unit outside
its subtree, and the tree keeps its Polda."""

import pytest
from django.urls import reverse

from org.models import PoliceUnit
from personnel.models import User
from tests.factories import UserFactory


def change_page(unit):
    return reverse("admin:org_policeunit_change", args=[unit.pk])


def form_of(unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent_id or "",
        "letterhead_name": unit.letterhead_name,
        "sort_order": unit.sort_order,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def stored(unit):
    return PoliceUnit.objects.values("level", "parent_id", "name", "path").get(pk=unit.pk)


@pytest.fixture
def polda(polres):
    return polres.parent


@pytest.fixture
def polda_admin(polda):
    return UserFactory(username="polda_admin", role=User.Role.ADMIN, unit=polda)


def test_a_polsek_operator_cannot_make_its_unit_a_top_unit(client, operator_a, polsek_a):
    before = stored(polsek_a)
    client.force_login(operator_a)

    client.post(change_page(polsek_a), form_of(polsek_a, level="polda", parent=""))

    assert stored(polsek_a) == before  # the place is shown, not offered: the post is ignored


def test_a_polsek_operator_cannot_move_its_unit_to_another_polres(
    client, operator_a, polsek_a, polda
):
    other = PoliceUnit.objects.create(
        code="POLRES-Z", name="Polres Z", level="polres", parent=polda, path=""
    )
    before = stored(polsek_a)
    client.force_login(operator_a)

    client.post(change_page(polsek_a), form_of(polsek_a, parent=other.pk))

    assert stored(polsek_a) == before


def test_a_polsek_operator_can_edit_its_own_units_other_fields(client, operator_a, polsek_a):
    client.force_login(operator_a)

    response = client.post(change_page(polsek_a), form_of(polsek_a, name="Polsek A Baru"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(polsek_a)["name"] == "Polsek A Baru"
    assert stored(polsek_a)["level"] == "polsek"


def test_a_polsek_operator_creates_no_unit_at_the_top_or_beside_its_own(
    client, operator_a, polsek_a, polres
):
    client.force_login(operator_a)
    add = reverse("admin:org_policeunit_add")
    count = PoliceUnit.objects.count()

    at_top = client.post(add, {"code": "TOP", "name": "Top", "level": "polda", "sort_order": 0})
    beside = client.post(
        add, {"code": "BESIDE", "name": "B", "level": "polsek", "parent": polres.pk}
    )

    assert (at_top.status_code, beside.status_code) == (200, 200)
    assert PoliceUnit.objects.count() == count


def test_a_polsek_operator_creates_a_unit_below_its_own(client, operator_a, polsek_a):
    client.force_login(operator_a)

    response = client.post(
        reverse("admin:org_policeunit_add"),
        {
            "code": "POS-A",
            "name": "Pos A",
            "level": "polsek",
            "parent": polsek_a.pk,
            "sort_order": 0,
        },
    )

    assert response.status_code == 302
    assert PoliceUnit.objects.get(code="POS-A").path.startswith(polsek_a.path)


def test_the_polda_stays_at_the_top_for_its_own_administrator(client, polda_admin, polda, polres):
    before = stored(polda)
    client.force_login(polda_admin)

    client.post(change_page(polda), form_of(polda, level="polres", parent=polres.pk))
    deleted = client.post(reverse("admin:org_policeunit_delete", args=[polda.pk]), {"post": "yes"})

    assert deleted.status_code in (200, 302, 403)
    assert stored(polda) == before
    assert PoliceUnit.objects.filter(parent=None).count() == 1
