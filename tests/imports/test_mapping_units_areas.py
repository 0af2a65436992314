"""Units and assisted areas in the mapping step: a misspelt one is proposed, never applied, and
the operator's choice is remembered for the importing Polres; another Polres's words are not."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bhabin.models import Visit
from conflicts.models import Incident
from imports import flow
from imports.base import RowError, UnitIndex, UnknownValue
from imports.forms import REJECT
from imports.models import ImportBatch, Synonym
from imports.services import import_file
from imports.synonyms import synonym_check, synonym_key, synonym_remember
from personnel.models import Officer, User
from tests.factories import AssistedAreaFactory, OfficerFactory, PoliceUnitFactory, UserFactory
from tests.imports import test_kind_incidents as incidents
from tests.imports import test_kind_roster as roster
from tests.imports.test_kind_visits import log, row

Status = ImportBatch.Status
TYPO = "Ds. Sukamuktii"


@pytest.fixture
def sukamukti(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa Sukamukti", code="32.16.01.2005")


@pytest.fixture
def dodi(polsek_a, area_a1, sukamukti):
    return OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")


@pytest.fixture
def operator_res(polres):
    return UserFactory(username="operator_res", role=User.Role.OPERATOR, unit=polres)


@pytest.fixture
def cikarang_barat(polres):
    return PoliceUnitFactory(code="CKB", name="Polsek Cikarang Barat", parent=polres)


@pytest.fixture
def other_polres(polres_pmj):
    """Another Polres, with an area of its own."""
    polsek = PoliceUnitFactory(code="PMJ-BKS-X", name="Polsek Lain", parent=polres_pmj)
    AssistedAreaFactory(unit=polsek, name="Desa Sukamukti Lain", code="32.16.09.2001")
    return polres_pmj


def typo_log(time="08:00", area=TYPO):
    return log(
        row(time="07:00"),
        row(time=time, area=area),
        row(time="10:00", area=area.upper()),
    )


def upload(client, data, kind="visits", name="log.csv"):
    return client.post(
        reverse("imports:list"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def mapping_rows(client, batch):
    form = client.get(reverse("imports:detail", args=[batch.pk])).context["mapping_form"]
    return {value: (field, column, count) for field, column, value, count, _rows in form.rows()}


def test_a_misspelt_area_is_proposed_chosen_remembered_and_known_in_the_next_file(
    login,
    operator_res,
    dodi,
    area_a1,
    sukamukti,
    polsek_b,
    other_polres,
    django_capture_on_commit_callbacks,
):
    area_b = AssistedAreaFactory(unit=polsek_b, name="Desa B Awal")
    client = login(operator_res)
    upload(client, typo_log())

    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED
    assert batch.report["acceptable"] is False
    assert Visit.objects.count() == 0  # not written silently, not even the known row
    listed = mapping_rows(client, batch)
    assert list(listed) == [TYPO]
    field, column, count = listed[TYPO]
    assert (column, count) == ("area", 2)
    assert field.initial == sukamukti.code  # the proposal is preselected
    codes = [code for code, _label in field.field.choices[2:]]
    # The areas of the Polres's units, by name; never another Polres's.
    assert codes == [area_a1.code, area_b.code, sukamukti.code]
    assert "Proposed: Desa Sukamukti" in batch.report["rows"][1][3]

    client.post(reverse("imports:map", args=[batch.pk]), {field.html_name: sukamukti.code})
    batch.refresh_from_db()
    assert batch.report["acceptable"] is True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert Visit.objects.filter(area=sukamukti).count() == 2
    synonym = Synonym.objects.get(column="area")
    assert (synonym.unit, synonym.text, synonym.target, synonym.created_by) == (
        operator_res.unit,
        TYPO,
        sukamukti.code,
        operator_res,
    )

    upload(client, typo_log(time="15:00"))
    second = ImportBatch.objects.latest("pk")
    assert second.report["acceptable"] is True
    assert second.report["unknowns"] == {}


def test_rejecting_a_misspelt_area_sets_its_rows_aside_and_remembers_nothing(
    login, operator_res, dodi
):
    client = login(operator_res)
    upload(client, typo_log())
    batch = ImportBatch.objects.get()
    field, _column, _count = mapping_rows(client, batch)[TYPO]

    client.post(reverse("imports:map", args=[batch.pk]), {field.html_name: REJECT})

    batch.refresh_from_db()
    assert batch.report["acceptable"] is True
    assert (batch.report["counts"]["new"], batch.report["counts"]["skipped"]) == (1, 2)
    assert not Synonym.objects.filter(column="area").exists()


def test_an_area_nothing_resembles_stays_unknown_without_a_proposal(login, operator_res, dodi):
    client = login(operator_res)
    upload(client, typo_log(area="Kampung Entah Berantah"))
    batch = ImportBatch.objects.get()

    field, column, _count = mapping_rows(client, batch)["Kampung Entah Berantah"]

    assert (column, field.initial) == ("area", "")
    assert batch.report["unknowns"]["area"]["Kampung Entah Berantah"]["how"] == "unknown"


def test_an_area_of_another_polres_cannot_be_chosen(
    login, operator_res, dodi, other_polres, django_capture_on_commit_callbacks
):
    client = login(operator_res)
    upload(client, typo_log())
    batch = ImportBatch.objects.get()
    field, _column, _count = mapping_rows(client, batch)[TYPO]

    client.post(reverse("imports:map", args=[batch.pk]), {field.html_name: "32.16.09.2001"})

    batch.refresh_from_db()
    assert batch.report["acceptable"] is False
    assert not Synonym.objects.filter(column__in=["area", "unit"]).exists()


def test_another_polres_synonyms_for_areas_and_units_are_not_used(
    polres, dodi, sukamukti, cikarang_barat, other_polres
):
    for column, text, target in (("area", TYPO, sukamukti.code), ("unit", "Cikarang Brat", "CKB")):
        Synonym.objects.create(
            unit=other_polres, column=column, text=text, key=synonym_key(text), target=target
        )

    visits = import_file(kind="visits", data=typo_log(), filename="log.csv", unit=polres)
    incident_file = incidents.sheet(incidents.row(unit="Polsek Cikarang Brat", place="Jl. Raya"))
    conflicts = import_file(
        kind="incidents", data=incident_file, filename="konflik.csv", unit=polres
    )

    assert visits.batch.status == Status.REJECTED
    assert visits.batch.report["unknowns"]["area"][TYPO]["how"] == "close"
    assert conflicts.batch.report["unknowns"]["unit"]["Polsek Cikarang Brat"]["proposal"] == "CKB"
    assert Visit.objects.count() == Incident.objects.count() == 0


def test_a_misspelt_unit_in_a_roster_is_proposed_then_remembered_for_the_polres(
    polres, polsek_a, cikarang_barat, operator_res, django_capture_on_commit_callbacks
):
    header = ["NO", "NAMA", "PANGKAT/NRP", "KESATUAN", "DIKUM"]
    data = roster.sheet(
        header,
        ["1", "Cecep Pratama", "Bripka / 87011234", "Cikarang Brat", "SMA"],
        ["2", "Dewi Lestari", "Aipda / 79120345", polsek_a.name, "S1"],
    )
    batch, error = flow.preview_data(
        kind="roster", data=data, filename="roster.csv", unit=polres, user=None, options={}
    )

    assert error == ""
    assert batch.status == Status.PREVIEWED
    entry = batch.report["unknowns"]["unit"]["Cikarang Brat"]
    assert (entry["proposal"], entry["how"], entry["rows"]) == ("CKB", "close", [3])
    assert not Officer.objects.exists()

    batch = flow.batch_map(
        batch_id=batch.pk, user=operator_res, choices={("unit", "Cikarang Brat"): "CKB"}
    )
    assert batch.report["acceptable"] is True
    with django_capture_on_commit_callbacks(execute=True):
        batch = flow.batch_confirm(batch_id=batch.pk, user=operator_res)
    assert batch.status == Status.IMPORTED
    assert Officer.objects.get(nrp="87011234").unit == cikarang_barat
    assert Synonym.objects.get(column="unit").unit == polres

    again = roster.sheet(header, ["1", "Eka Putra", "Brigpol / 90010001", "CIKARANG BRAT", "SMA"])
    result = import_file(kind="roster", data=again, filename="roster.csv", unit=polres)
    assert result.batch.status == Status.IMPORTED
    assert Officer.objects.get(nrp="90010001").unit == cikarang_barat


def test_a_misspelt_unit_in_an_incident_list_maps_from_the_command_line(
    polres, polsek_a, area_a1, cikarang_barat, tmp_path
):
    data = tmp_path / "konflik.csv"
    data.write_bytes(
        incidents.sheet(
            incidents.row(1, unit="Polsek Cikarang Brat", place="Jl. Raya"),
            incidents.row(2, unit="POLSEK A"),
            incidents.row(3, unit="Polsek Tidak Ada", place="Jl. Lain"),
        )
    )
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_sheet", "incidents", data, "--unit", polres.code, stdout=out)

    printed = out.getvalue()
    assert "unit,Polsek Cikarang Brat,CKB,1,close" in printed
    assert "unit,Polsek Tidak Ada,,1,unknown" in printed
    assert not Incident.objects.exists()

    choices = tmp_path / "map.csv"
    choices.write_text("unit,Polsek Cikarang Brat,CKB\nunit,Polsek Tidak Ada,\n")
    call_command(
        "import_sheet", "incidents", data, "--unit", polres.code, "--map", choices, stdout=out
    )

    assert sorted(Incident.objects.values_list("unit__code", flat=True)) == ["CKB", "POLSEK-A"]
    assert Synonym.objects.get(column="unit").target == "CKB"
    incident_again = tmp_path / "lagi.csv"
    incident_again.write_bytes(
        incidents.sheet(incidents.row(1, date="2022-03-05", unit="Polsek Cikarang Brat"))
    )
    call_command("import_sheet", "incidents", incident_again, "--unit", polres.code, stdout=out)
    assert Incident.objects.filter(unit=cikarang_barat).count() == 2


def test_a_map_file_naming_a_unit_outside_the_polres_is_refused(
    polres, polsek_a, area_a1, other_polres, tmp_path
):
    data = tmp_path / "konflik.csv"
    data.write_bytes(incidents.sheet(incidents.row(1, unit="Polsek Lian")))
    choices = tmp_path / "map.csv"
    choices.write_text("unit,Polsek Lian,PMJ-BKS-X\n")

    with pytest.raises(CommandError, match="baris 1"):
        call_command("import_sheet", "incidents", data, "--unit", polres.code, "--map", choices)
    assert not Synonym.objects.filter(column__in=["area", "unit"]).exists()


def test_a_kind_without_the_mapping_step_is_told_of_an_unknown_unit_without_a_proposal(
    polres, cikarang_barat
):
    with pytest.raises(RowError) as refused:
        UnitIndex(polres).find("Cikarang Brat")
    assert not isinstance(refused.value, UnknownValue)
    assert "Proposed" not in str(refused.value)

    with pytest.raises(UnknownValue) as unknown:
        UnitIndex(polres, mapping={}).find("Cikarang Brat")
    assert (unknown.value.column, unknown.value.proposal) == ("unit", "CKB")
    # Exact names, codes and keys are found as before.
    for name in ("POLSEK CIKARANG BARAT", "CKB", "Cikarang-Barat"):
        assert UnitIndex(polres, mapping={}).find(name) == cikarang_barat


def test_a_misspelt_area_is_looked_up_once_however_many_rows_carry_it(polres, dodi):
    def queries_for(rows):
        data = log(*[row(time=f"{hour:02d}:00", area=TYPO) for hour in range(rows)])
        with CaptureQueriesContext(connection) as captured:
            import_file(kind="visits", data=data, filename="log.csv", unit=polres)
        return len(captured)

    assert queries_for(2) == queries_for(20)


def test_a_misspelt_area_in_a_roster_is_proposed_among_the_areas_of_the_row_unit(
    polres, polsek_a, polsek_b, sukamukti
):
    AssistedAreaFactory(unit=polsek_b, name="Desa Sukamukti Baru")
    header = ["NO", "NAMA", "PANGKAT/NRP", "KESATUAN", "DIKUM", "DESA/KEL BINAAN"]
    data = roster.sheet(
        header, ["1", "Cecep Pratama", "Bripka / 87011234", polsek_a.name, "SMA", TYPO]
    )

    result = import_file(kind="roster", data=data, filename="roster.csv", unit=polres)

    assert result.batch.status == Status.REJECTED
    entry = result.batch.report["unknowns"]["area"][TYPO]
    assert (entry["proposal"], entry["how"]) == (sukamukti.code, "close")
    assert not Officer.objects.exists()


@pytest.mark.parametrize("value", ["???", "—", "-/-"])
def test_a_unit_of_punctuation_alone_is_an_error_of_its_row_not_a_value_to_map(
    polres, polsek_a, area_a1, value
):
    data = incidents.sheet(incidents.row(1, unit=value))

    result = import_file(kind="incidents", data=data, filename="konflik.csv", unit=polres)

    assert result.batch.status == Status.REJECTED
    assert result.batch.report["unknowns"] == {}
    assert "tidak dikenal di Polres Uji" in result.batch.report["rows"][0][3]


def test_a_unit_or_area_synonym_must_mean_one_in_the_polres_or_any_when_shared(
    polres, polsek_a, sukamukti, other_polres
):
    with pytest.raises(ValidationError):
        synonym_remember(
            unit=polsek_a, column="area", text="Sukamukti Lain", target="32.16.09.2001"
        )
    with pytest.raises(ValidationError):
        synonym_remember(unit=polres, column="unit", text="Polsek Lian", target="PMJ-BKS-X")
    with pytest.raises(ValidationError):
        synonym_check(column="area", text="Entah", target="no-such-code")

    kept = synonym_remember(unit=polsek_a, column="area", text=TYPO, target=sukamukti.code)
    assert kept.unit == polres  # kept for the Polres of the importing Polsek
    synonym_check(column="unit", text="Polsek Lian", target="PMJ-BKS-X")  # shared: any unit
