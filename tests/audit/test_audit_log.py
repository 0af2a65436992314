"""Every change to a domain model is logged with its actor; bulk imports are logged per file."""

import io

import openpyxl
import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.registry import AUDITED_APPS, NOT_AUDITED, audited_models
from bhabin.models import AssistedArea
from conflicts.models import Incident, InvolvedPerson, Involvement
from imports.models import ImportBatch
from imports.services import import_file
from personnel.models import CompetencyRecap, Officer, User
from tests.factories import AssistedAreaFactory, IncidentFactory, OfficerFactory, UserFactory

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


def entries_for(model, pk):
    """The log of one object, also once it is deleted."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    )


def test_every_model_of_the_domain_apps_and_the_import_log_is_audited_but_derived_figures():
    domain = [m for label in AUDITED_APPS for m in apps.get_app_config(label).get_models()]

    assert ImportBatch in audited_models()
    not_audited = [m._meta.label for m in [*domain, ImportBatch] if not auditlog.contains(m)]
    assert sorted(not_audited) == sorted(NOT_AUDITED)


def make_officer(unit):
    return OfficerFactory(unit=unit, name="Budi Santoso")


def make_area(unit):
    return AssistedAreaFactory(unit=unit, name="Desa Sukamaju")


def make_incident(unit):
    return IncidentFactory(unit=unit, place="Lapangan Sukamaju")


@pytest.mark.parametrize(
    ("make", "field", "new_value"),
    [
        (make_officer, "name", "Budi Santosa"),
        (make_area, "name", "Desa Sukamakmur"),
        (make_incident, "place", "Pasar Sukamaju"),
    ],
    ids=["officer", "assisted-area", "incident"],
)
def test_create_update_and_delete_are_logged_with_actor_and_changes(
    operator_a, polsek_a, make, field, new_value
):
    with set_actor(operator_a):
        obj = make(polsek_a)
        model, pk = type(obj), obj.pk
        old_value = getattr(obj, field)
        setattr(obj, field, new_value)
        obj.save()
        obj.delete()

    entries = list(entries_for(model, pk).order_by("timestamp", "pk"))
    assert [entry.action for entry in entries] == [CREATE, UPDATE, DELETE]
    assert {entry.actor for entry in entries} == {operator_a}
    assert entries[0].changes_dict[field] == ["None", old_value]
    assert entries[1].changes_dict == {field: [old_value, new_value]}


def test_a_change_made_through_a_page_is_logged_with_the_signed_in_user(
    client, operator_a, polsek_a
):
    area = AssistedAreaFactory(unit=polsek_a, name="Desa Hapus")
    client.force_login(operator_a)

    response = client.post(
        reverse("admin:bhabin_assistedarea_delete", args=[area.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not AssistedArea.objects.filter(pk=area.pk).exists()
    entry = entries_for(AssistedArea, area.pk).get(action=DELETE)
    assert entry.actor == operator_a
    assert entry.remote_addr == "127.0.0.1"


def test_passwords_and_last_login_never_reach_the_log(polsek_a):
    user = UserFactory(username="sandi", unit=polsek_a)
    user.set_password("kata-sandi-yang-lain")
    user.save()

    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict
        assert "last_login" not in entry.changes_dict
    assert "kata-sandi" not in str(list(LogEntry.objects.values_list("changes", flat=True)))


def test_the_personal_data_of_people_involved_is_masked_in_the_log(kasat, polsek_a):
    incident = IncidentFactory(unit=polsek_a)
    with set_actor(kasat):
        person = InvolvedPerson.objects.create(
            name="Joko Provokator", nik="3216012345678901", address="Jl. Melati 3"
        )
        Involvement.objects.create(incident=incident, person=person, role="provocateur")
        person.address = "Jl. Mawar 5"
        person.save()

    logged = str(list(LogEntry.objects.values_list("object_repr", "changes")))
    for secret in ("Joko", "Provokator", "3216012345678901", "Melati", "Mawar"):
        assert secret not in logged
    update = LogEntry.objects.get_for_object(person).get(action=UPDATE)
    assert update.changes_dict == {"address": ["***", "***"]}
    assert update.object_repr == "J*** P***"


# Imports


def competency_sheet():
    book = openpyxl.Workbook()
    for row in [
        ["DATA KOMPETENSI BHABINKAMTIBMAS POLRES UJI"] + [None] * 8,
        [None] * 9,
        ["NO", "POLRES/POLSEK", "JML BABIN", "DIKUM", None, "DIKBANGSPES BINMAS/POLMAS", None]
        + ["PELATIHAN", None],
        [None, None, None, "SMA", "S1", "SUDAH", "BELUM", "SUDAH", "BELUM"],
        [1, "POLSEK A", 3, 2, 1, 1, 2, 3, "-"],
        [2, "Polsek B", 2, 2, "-", "-", 2, 2, "-"],
    ]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_import_is_logged_as_one_batch_with_its_user_checksum_and_counts(
    polres, polsek_a, polsek_b, kasat
):
    data = competency_sheet()

    result = import_file(
        kind="competency", data=data, filename="kompetensi.xlsx", unit=polres, user=kasat
    )

    batch = ImportBatch.objects.get()
    assert batch == result.batch
    assert batch.created_by == kasat
    assert batch.status == ImportBatch.Status.IMPORTED
    assert len(batch.sha256) == 64
    assert (batch.rows_new, batch.rows_updated, batch.rows_error) == (2, 0, 0)
    assert CompetencyRecap.objects.count() == 2
    # The rows were written in bulk: the batch is their record, not one log entry per row.
    assert not LogEntry.objects.get_for_model(CompetencyRecap).exists()
    assert LogEntry.objects.get_for_object(batch).exists()


def test_a_bulk_create_leaves_no_per_row_log_entries(polsek_a):
    Officer.objects.bulk_create(
        [Officer(nrp=f"{81000000 + i:08d}", name=f"Petugas {i}", unit=polsek_a) for i in range(3)]
    )

    assert Officer.objects.filter(nrp__startswith="81").count() == 3
    assert not LogEntry.objects.get_for_model(Officer).exists()


def test_an_entry_without_a_request_has_no_actor(polsek_a):
    incident = IncidentFactory(unit=polsek_a)

    entry = LogEntry.objects.get_for_object(incident).get()
    assert entry.actor is None
    assert entry.action == CREATE
    assert Incident.objects.filter(pk=incident.pk).exists()
    assert User.objects.count() == 0
