"""Coded values as field reports write them: normalised, split, abbreviated, or proposed."""

import pytest

from bhabin.models import Visit
from imports.base import ERROR
from imports.models import ImportBatch, Synonym
from imports.services import import_file
from imports.synonyms import synonym_remember, vocabulary
from imports.vocabulary import Vocabulary, candidate_keys
from tests.factories import OfficerFactory, PoliceUnitFactory
from tests.imports.test_kind_visits import log, row

WORDS = Vocabulary(
    [
        ("sambang-keluhan", ["Sambang", "DDS"]),
        ("penyuluhan", ["Penyuluhan", "Binluh"]),
        ("silaturahmi", ["Silaturahmi"]),
        ("kegiatan-positif", ["Kegiatan positif"]),
    ]
)


@pytest.mark.parametrize(
    ("written", "code", "how"),
    [
        ("SAMBANG", "sambang-keluhan", "exact"),
        ("  sambang. ", "sambang-keluhan", "exact"),
        ("Giat Sambang", "sambang-keluhan", "exact"),
        ("Kegiatan DDS", "sambang-keluhan", "exact"),
        ("Kegiatan Positif", "kegiatan-positif", "exact"),
        ("Bimbingan Penyuluhan (Binluh)", "penyuluhan", "part"),
        ("Binluh (Bimbingan dan Penyuluhan)", "penyuluhan", "part"),
        ("Sambang / DDS", "sambang-keluhan", "part"),
        ("DDS, sambang warga", "sambang-keluhan", "part"),
        ("Giat DDS/Door to door", "sambang-keluhan", "part"),
    ],
)
def test_compound_names_abbreviations_and_prefixes_map(written, code, how):
    match = WORDS.match(written)

    assert (match.code, match.how) == (code, how)


@pytest.mark.parametrize(
    ("written", "proposal", "how"),
    [
        ("Silaturohmi", "silaturahmi", "close"),
        ("Penyuluhn", "penyuluhan", "close"),
        ("Sambang / Penyuluhan", "sambang-keluhan", "ambiguous"),
    ],
)
def test_a_close_or_ambiguous_value_is_proposed_and_not_applied(written, proposal, how):
    match = WORDS.match(written)

    assert match.code is None
    assert (match.proposal, match.how) == (proposal, how)


def test_an_unrelated_word_gets_no_proposal():
    match = WORDS.match("Patroli malam")

    assert (match.code, match.proposal, match.how) == (None, None, "unknown")


def test_the_candidates_are_tried_whole_first_then_brackets_then_parts():
    assert candidate_keys("Giat Binluh (Penyuluhan) / Sambang")[:2] == [
        "giatbinluhpenyuluhansambang",
        "binluhpenyuluhansambang",
    ]
    assert candidate_keys("Giat Binluh (Penyuluhan) / Sambang")[-2:] == ["binluh", "sambang"]


def test_the_mapping_choice_wins_and_an_empty_choice_rejects():
    words = Vocabulary([("silaturahmi", ["Silaturahmi"])], mapping={"Temu warga": "silaturahmi"})

    assert words.match("temu  WARGA").code == "silaturahmi"
    rejected = Vocabulary([("silaturahmi", [])], mapping={"Apel": ""}).match("Apel")
    assert (rejected.code, rejected.how) == (None, "rejected")


# --- in an import, with the synonyms kept in the database -----------------------------------


@pytest.fixture
def dodi(polsek_a, area_a1):
    return OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")


def visits(unit, data, options=None):
    return import_file(kind="visits", data=data, filename="log.csv", unit=unit, options=options)


def test_field_report_words_import_through_the_shared_synonyms(polres, dodi):
    result = visits(
        polres,
        log(
            row(activity="Giat Sambang / DDS"),
            row(activity="Binluh (penyuluhan hukum)", time="10:00"),
            row(activity="Kegiatan Silaturahmi", time="11:00"),
        ),
    )

    assert result.batch.status == ImportBatch.Status.IMPORTED
    codes = sorted(Visit.objects.values_list("activity__code", flat=True))
    assert codes == ["penyuluhan", "sambang-keluhan", "silaturahmi"]


def test_a_close_match_is_proposed_never_applied_and_the_file_writes_nothing(polres, dodi):
    result = visits(
        polres, log(row(activity="Silaturohmi"), row(activity="Silaturohmi", time="8:00"))
    )

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert Visit.objects.count() == 0
    assert result.plan.unknowns["activity"]["Silaturohmi"] == {
        "count": 2,
        "proposal": "silaturahmi",
        "how": "close",
        "rows": [2, 3],
    }
    assert [o.status for o in result.plan.outcomes] == [ERROR, ERROR]


def test_a_remembered_synonym_applies_to_the_next_file_of_the_polres(polres, polsek_a, dodi):
    synonym_remember(unit=polsek_a, column="activity", text="Temu Warga", target="silaturahmi")

    result = visits(polres, log(row(activity="TEMU WARGA")))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert Visit.objects.get().activity.code == "silaturahmi"
    # Kept for the Polres, so every Polsek of it knows the word.
    assert Synonym.objects.get(key="temuwarga").unit == polres


def test_another_polres_synonym_is_not_used(polres, polsek_a):
    other_polres = PoliceUnitFactory(
        code="RES-X", name="Polres X", level="polres", parent=polres.parent
    )
    synonym_remember(unit=other_polres, column="activity", text="Temu Warga", target="silaturahmi")

    assert vocabulary("activity", polsek_a).match("Temu Warga").code is None
    assert vocabulary("activity", other_polres).match("Temu Warga").code == "silaturahmi"


def test_a_synonym_must_mean_a_value_of_its_column(polres):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        synonym_remember(unit=polres, column="activity", text="Temu", target="no-such-code")
    assert not Synonym.objects.filter(unit=polres).exists()


def test_the_operator_sees_the_shared_and_own_synonyms_only(polres, operator_a, kasat):
    other_polres = PoliceUnitFactory(
        code="RES-Y", name="Polres Y", level="polres", parent=polres.parent
    )
    synonym_remember(unit=other_polres, column="activity", text="Temu", target="silaturahmi")
    own = synonym_remember(unit=polres, column="activity", text="Anjang", target="silaturahmi")

    for user in (kasat, operator_a):
        visible = Synonym.objects.visible_to(user)
        assert own in visible
        assert not visible.filter(unit=other_polres).exists()
        assert visible.filter(unit__isnull=True).exists()
