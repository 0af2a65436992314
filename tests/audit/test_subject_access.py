"""subject_access_export: everything held about a person involved, and who read it, as JSON."""

import json
import stat
from io import StringIO

import pytest
from auditlog.context import set_actor
from django.core.management import CommandError, call_command

from audit.models import AccessLog
from conflicts.models import InvolvedPerson, Involvement
from tests.factories import IncidentFactory

NIK = "3216012345678901"


@pytest.fixture
def joko(polsek_a, area_a1, operator_a):
    incident = IncidentFactory(
        unit=polsek_a, area=area_a1, place="Lapangan Desa A1", reference="LP/1/2022"
    )
    with set_actor(operator_a):
        person = InvolvedPerson.objects.create(
            name="Joko Provokator", nik=NIK, address="Jl. Melati"
        )
        Involvement.objects.create(incident=incident, person=person, role="provocateur")
        person.address = "Jl. Mawar"
        person.save()
    IncidentFactory(unit=polsek_a, place="Kejadian lain")  # not Joko's
    return person


def export(*args):
    out = StringIO()
    call_command("subject_access_export", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_export_holds_the_record_the_incidents_the_changes_and_the_readings(
    client, joko, kapolsek_a
):
    client.force_login(kapolsek_a)
    client.get(joko.involvements.get().incident.get_absolute_url())

    report = json.loads(export("--nik", NIK))

    assert report["person"]["name"] == "Joko Provokator"
    assert report["person"]["address"] == "Jl. Mawar"
    assert report["person"]["retention_due"] == "2027-05-01"
    assert [i["incident"]["reference"] for i in report["involvements"]] == ["LP/1/2022"]
    assert report["involvements"][0]["role"] == "Provokator"
    assert [(c["record"], c["action"], c["by"]) for c in report["changes"]] == [
        ("involvedperson", "create", "operator_a"),
        ("involvement", "create", "operator_a"),
        ("involvedperson", "update", "operator_a"),
    ]
    assert report["changes"][-1]["fields"] == ["address"]
    assert [(r["by"], r["address"]) for r in report["readings"]] == [
        ("kapolsek_a", joko.involvements.get().incident.get_absolute_url())
    ]
    assert "Kejadian lain" not in json.dumps(report)


def test_the_export_is_itself_logged_as_a_reading(joko):
    export("--person-id", str(joko.pk))
    export("--person-id", str(joko.pk))

    assert AccessLog.objects.filter(via=AccessLog.Via.SUBJECT_ACCESS).count() == 2
    # The second export lists the first.
    report = json.loads(export("--person-id", str(joko.pk)))
    assert len(report["readings"]) == 2


def test_the_file_is_readable_by_its_owner_only(joko, tmp_path):
    target = tmp_path / "joko.json"

    call_command("subject_access_export", "--nik", NIK, "-o", str(target), stderr=StringIO())

    assert json.loads(target.read_text())["person"]["nik"] == NIK
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "args",
    [["--nik", "9999999999999999"], ["--person-id", "999999"], ["--nik", " "]],
    ids=["unknown-nik", "unknown-id", "blank-nik"],
)
def test_no_match_is_an_error_not_an_empty_file(joko, args):
    with pytest.raises(CommandError):
        export(*args)
    assert not AccessLog.objects.exists()


def test_a_blank_nik_never_matches_the_people_recorded_without_one(polsek_a):
    InvolvedPerson.objects.create(name="Tanpa NIK")

    with pytest.raises(CommandError):
        export("--nik", "")
