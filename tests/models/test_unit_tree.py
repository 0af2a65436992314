"""The units' tree path, which the scoping rule reads instead of lists of ids, follows the parent
links through every way a unit is written: the unit service (org.services) when a unit is
created or moved, and `units_place_in_tree` after a bulk write; and the service refuses a place
in the tree its actor may not give."""

import pytest
from django.core.exceptions import ValidationError

from bhabin.models import AssistedArea
from org.models import PoliceUnit
from org.scoping import COMMAND_LINE
from org.services import unit_paths, unit_save, units_place_in_tree
from tests.factories import AssistedAreaFactory, PoliceUnitFactory, UserFactory


def path_of(unit):
    return PoliceUnit.objects.values_list("path", flat=True).get(pk=unit.pk)


def expected_paths():
    """Every unit's path worked out again from the parent links alone."""
    parents = dict(PoliceUnit.objects.values_list("pk", "parent_id"))
    paths = {}
    for pk in parents:
        chain, current = [], pk
        while current is not None:
            chain.append(current)
            current = parents[current]
        paths[pk] = "/" + "".join(f"{unit_id}/" for unit_id in reversed(chain))
    return paths


def stored_paths():
    return dict(PoliceUnit.objects.values_list("pk", "path"))


@pytest.fixture
def polda(polres):
    return polres.parent


def test_a_saved_unit_has_the_path_of_its_parent_and_its_own_id(polda, polres, polsek_a):
    assert path_of(polda) == f"/{polda.pk}/"
    assert path_of(polres) == f"/{polda.pk}/{polres.pk}/"
    assert polsek_a.path == path_of(polsek_a) == f"/{polda.pk}/{polres.pk}/{polsek_a.pk}/"


def test_moving_a_polres_moves_the_paths_of_every_unit_below_it(polda, polres, polsek_a, polsek_b):
    other_polda = PoliceUnitFactory(code="P2", name="Polda Dua", level="polda", parent=None)

    polres.parent = other_polda
    unit_save(unit=polres, actor=COMMAND_LINE)

    assert stored_paths() == expected_paths()
    assert path_of(polsek_b).startswith(f"/{other_polda.pk}/{polres.pk}/")


def test_bulk_writers_place_their_units_in_the_tree_afterwards(polda, polres, polsek_a):
    other = PoliceUnitFactory(code="R2", name="Polres Dua", level="polres", parent=polda)
    PoliceUnit.objects.bulk_create(
        [PoliceUnit(code=f"S{n}", name=f"Polsek {n}", level="polsek", parent=other) for n in (1, 2)]
    )
    PoliceUnit.objects.filter(pk=polsek_a.pk).update(parent=other)
    assert stored_paths() != expected_paths()

    assert units_place_in_tree() == 3  # the two new Polsek and the moved one

    assert stored_paths() == expected_paths()
    assert units_place_in_tree() == 0


def test_a_unit_cannot_be_placed_below_a_unit_under_it(polres, polsek_a):
    polres.parent = polsek_a

    with pytest.raises(ValidationError) as raised:
        polres.full_clean()

    assert "parent" in raised.value.message_dict


def test_a_circle_of_parents_leaves_its_units_without_a_path_and_seeing_nothing(
    polres, polsek_a, area_a1
):
    # Written past the form's check: the circle's units get no path, and a user there sees
    # nothing rather than everything.
    PoliceUnit.objects.filter(pk=polres.pk).update(parent=polsek_a)
    units_place_in_tree()

    assert path_of(polres) == path_of(polsek_a) == ""
    user = UserFactory(role="kasat_binmas", unit=PoliceUnit.objects.get(pk=polres.pk))
    assert not AssistedArea.objects.visible_to(user).exists()


def test_unit_paths_are_worked_out_from_parent_links_alone():
    assert unit_paths({1: None, 2: 1, 3: 2, 4: 1, 5: 6, 6: 5, 7: 5}) == {
        1: "/1/",
        2: "/1/2/",
        3: "/1/2/3/",
        4: "/1/4/",
        5: "",
        6: "",
        7: "",
    }


def test_after_a_move_the_units_above_see_the_moved_units_rows_and_the_old_ones_do_not(
    polda, polres, polsek_a
):
    area = AssistedAreaFactory(unit=polsek_a)
    other_polres = PoliceUnitFactory(code="R2", name="Polres Dua", level="polres", parent=polda)
    old_kasat = UserFactory(role="kasat_binmas", unit=polres)
    new_kasat = UserFactory(role="kasat_binmas", unit=other_polres)
    assert AssistedArea.objects.visible_to(old_kasat).filter(pk=area.pk).exists()

    polsek_a.parent = other_polres
    unit_save(unit=polsek_a, actor=COMMAND_LINE)

    old_kasat.unit.refresh_from_db()
    new_kasat.unit.refresh_from_db()
    assert not AssistedArea.objects.visible_to(old_kasat).filter(pk=area.pk).exists()
    assert AssistedArea.objects.visible_to(new_kasat).filter(pk=area.pk).exists()


def test_a_polsek_operator_cannot_move_its_own_unit_out_of_the_tree(polres, polsek_a, operator_a):
    polsek_a.level, polsek_a.parent = PoliceUnit.Level.POLDA, None

    with pytest.raises(ValidationError) as refused:
        unit_save(unit=polsek_a, actor=operator_a)

    assert "parent" in refused.value.message_dict
    assert PoliceUnit.objects.get(pk=polsek_a.pk).parent_id == polres.pk
    assert stored_paths() == expected_paths()


def test_a_polsek_operator_may_rename_its_own_unit(polsek_a, operator_a):
    polsek_a.name = "Polsek A Baru"

    unit_save(unit=polsek_a, actor=operator_a)

    assert PoliceUnit.objects.get(pk=polsek_a.pk).name == "Polsek A Baru"


def test_a_polres_kasat_may_move_a_polsek_between_its_own_places_but_not_out(
    polda, polres, polsek_a
):
    kasat = UserFactory(role="kasat_binmas", unit=polres)
    below = PoliceUnitFactory(code="S-BELOW", name="Pos", level="polsek", parent=polres)
    other_polres = PoliceUnitFactory(code="R2", name="Polres Dua", level="polres", parent=polda)

    below.parent = polsek_a
    unit_save(unit=below, actor=kasat)
    assert path_of(below) == f"{polsek_a.path}{below.pk}/"

    below.parent = other_polres
    with pytest.raises(ValidationError):
        unit_save(unit=below, actor=kasat)
    assert PoliceUnit.objects.get(pk=below.pk).parent_id == polsek_a.pk


def test_nobody_below_the_top_creates_a_unit_outside_their_subtree_or_at_the_top(
    polres, polsek_a, polsek_b, operator_a
):
    with pytest.raises(ValidationError):
        unit_save(
            unit=PoliceUnit(code="X1", name="X", level="polsek", parent=polsek_b), actor=operator_a
        )
    with pytest.raises(ValidationError):
        unit_save(
            unit=PoliceUnit(code="X2", name="X", level="polda", parent=None), actor=operator_a
        )
    with pytest.raises(ValidationError):
        unit_save(unit=PoliceUnit(code="X3", name="X", level="polsek", parent=polres), actor=None)

    made = unit_save(
        unit=PoliceUnit(code="X4", name="Pos A", level="polsek", parent=polsek_a), actor=operator_a
    )
    assert made.path == f"{polsek_a.path}{made.pk}/"
    assert not PoliceUnit.objects.filter(code__in=["X1", "X2", "X3"]).exists()
