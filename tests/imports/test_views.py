"""The import flow in the browser: upload -> preview (nothing written) -> confirm or cancel.

Personas: operator_pmj is an operator at Polres PMJ-BKS (under Polda PMJ), who imports the
sample recap of Bhabinkamtibmas per unit (16 rows); the shared personas of tests/conftest.py
check roles and scope.
"""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bhabin.models import StrengthRecap
from imports import storage
from imports.models import ImportBatch
from imports.views import LARGE_IMPORT_ROWS
from org.models import PoliceUnit
from personnel.models import User
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    UserFactory,
)

SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "samples" / "01_data_bhabinkamtibmas.xlsx"
Status = ImportBatch.Status


@pytest.fixture
def operator_pmj(polres_pmj):
    return UserFactory(username="operator_pmj", role=User.Role.OPERATOR, unit=polres_pmj)


@pytest.fixture
def operator_b(polsek_b):
    return UserFactory(username="operator_b", role=User.Role.OPERATOR, unit=polsek_b)


def sample_upload(name="01_data_bhabinkamtibmas.xlsx", data=None):
    return SimpleUploadedFile(name, SAMPLE.read_bytes() if data is None else data)


def upload(client, file, kind="units"):
    return client.post(reverse("imports:list"), {"kind": kind, "file": file})


def stored_files():
    return storage.stored_names()


def previewed_batch(unit, user, **fields):
    """A previewed batch with a stored file, without going through a real upload."""
    data = b"sigap"
    return ImportBatch.objects.create(
        kind="units",
        file_name="rekap.xlsx",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        unit=unit,
        created_by=user,
        status=Status.PREVIEWED,
        stored_file=storage.store(data),
        **fields,
    )


def test_upload_previews_every_row_as_new_and_writes_nothing_then_confirm_writes_it(
    login, operator_pmj, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    response = upload(client, sample_upload())

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:detail", args=[batch.pk])
    assert batch.status == Status.PREVIEWED
    assert batch.rows_new == 16
    assert batch.stored_file in stored_files()
    assert batch.stored_file != SAMPLE.name  # a random token, not the user's name
    assert PoliceUnit.objects.filter(level="polsek").count() == 0
    assert StrengthRecap.objects.count() == 0

    page = client.get(response.url)
    assert page.status_code == 200
    assert [row["label"] for row in page.context["page"]] == [
        "new"
    ] * 16  # the page is in English (below)
    assert "Confirm and import" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert response.status_code == 302
    assert batch.status == Status.IMPORTED
    assert batch.stored_file == ""
    assert stored_files() == []
    assert PoliceUnit.objects.filter(level="polsek").count() == 15
    assert StrengthRecap.objects.count() == 16


def test_re_uploading_an_imported_file_plans_every_row_as_unchanged(
    login, operator_pmj, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    upload(client, sample_upload())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[ImportBatch.objects.get().pk]))

    upload(client, sample_upload())

    again = ImportBatch.objects.latest("pk")
    assert again.status == Status.PREVIEWED
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 16)
    page = client.get(reverse("imports:detail", args=[again.pk]))
    assert "confirming changes nothing" in page.text


def test_an_html_page_named_xlsx_is_refused_with_its_message_and_nothing_is_stored(
    login, operator_pmj
):
    html = b"<!DOCTYPE html><html><body>Login</body></html>"
    response = upload(login(operator_pmj), sample_upload("rekap.xlsx", html))

    assert response.status_code == 200
    assert "is not a valid XLSX file" in response.text
    assert stored_files() == []
    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    assert batch.stored_file == ""


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(login, operator_pmj, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(login(operator_pmj), sample_upload())

    assert "over the limit of" in response.text
    assert stored_files() == []
    assert ImportBatch.objects.get().status == Status.REJECTED


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_parsed(login, operator_pmj, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("the reader was called on a zip bomb")

    monkeypatch.setattr("imports.reader.read_grid", must_not_parse)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    response = upload(login(operator_pmj), sample_upload("bom.xlsx", buffer.getvalue()))

    assert "its compression ratio is implausible" in response.text
    assert stored_files() == []
    assert ImportBatch.objects.get().status == Status.REJECTED


def test_a_file_with_row_errors_is_rejected_and_its_reasons_are_shown(login, operator_a):
    # A Polsek may not create units, so every row of the Polres recap is an error for Polsek A.
    response = upload(login(operator_a), sample_upload())

    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    # Kept (until purge_imports) for the error workbook, never confirmable.
    assert stored_files() == [batch.stored_file]
    page = login(operator_a).get(response.url)
    assert "A new unit can only be created under a Polres." in page.text
    assert "Confirm and import" not in page.text


def test_confirming_twice_imports_once(login, operator_pmj, django_capture_on_commit_callbacks):
    client = login(operator_pmj)
    upload(client, sample_upload())
    batch = ImportBatch.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
        second = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)

    assert "no longer waiting for confirmation" in second.text
    assert PoliceUnit.objects.filter(level="polsek").count() == 15
    assert ImportBatch.objects.get().status == Status.IMPORTED


def test_cancel_deletes_the_file_and_writes_nothing(
    login, operator_pmj, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    upload(client, sample_upload())
    batch = ImportBatch.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:cancel", args=[batch.pk]))
    confirm = client.post(reverse("imports:confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert response.status_code == 302
    assert confirm.status_code == 302
    assert batch.status == Status.CANCELLED
    assert stored_files() == []
    assert PoliceUnit.objects.filter(level="polsek").count() == 0


def test_a_stored_file_that_changed_since_the_preview_is_not_imported(
    login, operator_pmj, private_dir, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    upload(client, sample_upload())
    batch = ImportBatch.objects.get()
    (private_dir / batch.stored_file).write_bytes(b"PK\x03\x04 something else")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == Status.FAILED
    assert "not the one that was previewed" in batch.message
    assert stored_files() == []
    assert PoliceUnit.objects.filter(level="polsek").count() == 0


def test_a_file_that_no_longer_plans_cleanly_is_rejected_on_confirm_with_the_reasons(
    login, operator_pmj, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    upload(client, sample_upload())
    batch = ImportBatch.objects.get()
    from imports import flow
    from imports.services import plan_file

    def plan_with_an_error(**kwargs):
        importer, plan = plan_file(**kwargs)
        plan.add(99, "error", "Polsek Baru", "Satuan sudah dihapus.")
        return importer, plan

    monkeypatch.setattr(flow, "plan_file", plan_with_an_error)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == Status.REJECTED
    assert batch.rows_error == 1
    assert "the data changed since the preview" in response.text
    assert "Satuan sudah dihapus." in response.text
    # Kept for its error workbook (until purge_imports), never confirmable again.
    assert stored_files() == [batch.stored_file]
    assert PoliceUnit.objects.filter(level="polsek").count() == 0


def test_the_preview_shows_100_rows_a_page_errors_first_and_filters_by_outcome(
    login, operator_a, polsek_a
):
    rows = [[n, "new", f"Desa {n}", ""] for n in range(2, 252)]
    rows[200] = [202, "error", "Desa 202", "Kode Kemendagri tidak dikenal."]
    batch = previewed_batch(polsek_a, operator_a, report={"counts": {}, "rows": rows})
    client = login(operator_a)
    url = reverse("imports:detail", args=[batch.pk])

    first = client.get(url)
    last = client.get(url, {"page": 3})
    errors = client.get(url, {"status": "error"})

    assert len(first.context["page"]) == 100
    assert first.context["page"][0]["key"] == "Desa 202"
    assert "Kode Kemendagri tidak dikenal." in first.text
    assert len(last.context["page"]) == 50
    assert [row["key"] for row in errors.context["page"]] == ["Desa 202"]


def test_a_large_preview_says_how_many_rows_confirming_writes_and_that_it_takes_a_while(
    login, operator_a, polsek_a
):
    counts = {"new": LARGE_IMPORT_ROWS, "update": 5, "unchanged": 0, "error": 0}
    batch = previewed_batch(polsek_a, operator_a, report={"counts": counts, "rows": []})

    response = login(operator_a).get(reverse("imports:detail", args=[batch.pk]))

    assert f"Confirming writes {LARGE_IMPORT_ROWS + 5} rows." in response.text
    assert "confirming may take a few minutes" in response.text


def test_the_import_log_lists_the_batches_of_the_users_scope_only(
    login, operator_a, operator_b, polsek_a, polsek_b
):
    previewed_batch(polsek_a, operator_a)
    other = previewed_batch(polsek_b, operator_b)
    other.file_name = "polsek-b.xlsx"
    other.save()

    response = login(operator_a).get(reverse("imports:list"))

    assert response.status_code == 200
    assert "rekap.xlsx" in response.text
    assert "polsek-b.xlsx" not in response.text
    assert other.sha256[:12] in login(operator_b).get(reverse("imports:list")).text


@pytest.mark.parametrize("persona", ["alice", "kapolsek_a", "nobody"])
def test_an_officer_a_kapolsek_and_a_user_without_unit_may_not_import(
    request, login, persona, polsek_a
):
    user = request.getfixturevalue(persona)
    client = login(user)

    assert client.get(reverse("imports:list")).status_code == 403
    assert upload(client, sample_upload()).status_code == 403
    assert ImportBatch.objects.count() == 0


def test_a_kasat_binmas_may_open_the_import_pages(login, kasat):
    assert login(kasat).get(reverse("imports:list")).status_code == 200


def test_another_units_operator_gets_404_on_a_batch_and_cannot_confirm_or_cancel_it(
    login, operator_a, operator_b, polsek_a
):
    batch = previewed_batch(polsek_a, operator_a)
    client = login(operator_b)

    assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:cancel", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    assert batch.stored_file in stored_files()


def test_the_kasat_of_the_polres_sees_a_batch_of_a_polsek_below(login, kasat, operator_a, polsek_a):
    batch = previewed_batch(polsek_a, operator_a)

    assert login(kasat).get(reverse("imports:detail", args=[batch.pk])).status_code == 200


def test_confirm_and_cancel_accept_only_post(login, operator_a, polsek_a):
    batch = previewed_batch(polsek_a, operator_a)
    client = login(operator_a)

    assert client.get(reverse("imports:confirm", args=[batch.pk])).status_code == 405
    assert client.get(reverse("imports:cancel", args=[batch.pk])).status_code == 405


def test_anonymous_users_are_sent_to_the_login_page(client, operator_a, polsek_a):
    batch = previewed_batch(polsek_a, operator_a)
    for response in (
        client.get(reverse("imports:list")),
        client.get(reverse("imports:detail", args=[batch.pk])),
        client.post(reverse("imports:confirm", args=[batch.pk])),
        client.post(reverse("imports:cancel", args=[batch.pk])),
        client.get(reverse("imports:data-quality")),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED


def test_the_import_log_costs_the_same_queries_for_3_and_for_30_batches(
    login, operator_a, polsek_a, django_assert_num_queries
):
    for _ in range(3):
        previewed_batch(polsek_a, operator_a)
    client = login(operator_a)
    # 4: session, user (+unit; the scope is the unit's tree path, no query); the batch count;
    # the page of batches (+unit, who uploaded, who confirmed).
    with django_assert_num_queries(4):
        assert client.get(reverse("imports:list")).status_code == 200
    for _ in range(27):
        previewed_batch(polsek_a, operator_a)
    # The same 4 with a full page of 30.
    with django_assert_num_queries(4):
        response = client.get(reverse("imports:list"))
        assert response.status_code == 200
    assert len(response.context["page"]) == 30


def test_the_preview_costs_a_fixed_number_of_queries(
    login, operator_a, polsek_a, django_assert_num_queries
):
    rows = [[n, "new", f"Desa {n}", ""] for n in range(500)]
    batch = previewed_batch(polsek_a, operator_a, report={"counts": {"new": 500}, "rows": rows})
    client = login(operator_a)
    # 3: session, user; the batch (+unit, who uploaded, who confirmed). Its 500 rows are in the
    # stored report, not in queries.
    with django_assert_num_queries(3):
        assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 200


@pytest.fixture
def quality_world(polres, polsek_a, polsek_b, operator_a, area_a1, area_b1, alice, bob):
    """Polsek A: alice in area_a1, an area without officer, an officer without area or phone.
    Polsek B: bob in area_b1, and its own area without officer."""
    AssistedAreaFactory(unit=polsek_a, name="Desa Kosong A")
    OfficerFactory(unit=polsek_a, name="Dodi Tanpa Wilayah", phone="")
    AssistedAreaFactory(unit=polsek_b, name="Desa Kosong B")
    batch = previewed_batch(polsek_a, operator_a)
    batch.status = Status.IMPORTED
    batch.report = {
        "counts": {},
        "rows": [],
        "findings": [{"level": "warning", "message": "Baris JUMLAH tertulis 119.", "row": 20}],
    }
    batch.save()
    return batch


def test_the_data_quality_page_shows_live_checks_and_the_latest_findings_in_scope(
    login, operator_a, quality_world
):
    response = login(operator_a).get(reverse("imports:data-quality"))

    assert response.status_code == 200
    assert [a.name for a in response.context["areas_without_officer"]["rows"]] == ["Desa Kosong A"]
    assert [o.name for o in response.context["officers_without_area"]["rows"]] == [
        "Dodi Tanpa Wilayah"
    ]
    assert [o.name for o in response.context["officers_without_phone"]["rows"]] == [
        "Dodi Tanpa Wilayah"
    ]
    assert "Baris JUMLAH tertulis 119." in response.text
    assert "Desa Kosong B" not in response.text
    assert reverse("bhabin:area-export") + "?tanpa_bhabin=1" in response.text


def test_the_data_quality_page_of_the_kasat_covers_every_polsek(login, kasat, quality_world):
    response = login(kasat).get(reverse("imports:data-quality"))

    names = {a.name for a in response.context["areas_without_officer"]["rows"]}
    assert names == {"Desa Kosong A", "Desa Kosong B"}


def test_the_data_quality_page_lists_the_recap_differences_it_reuses(
    login, operator_a, quality_world, polsek_a
):
    from tests.reports.factories import CompetencyRecapFactory

    CompetencyRecapFactory(unit=polsek_a, officers=5)

    response = login(operator_a).get(reverse("imports:data-quality"))

    kompetensi = response.context["recap_differences"][0]
    assert kompetensi["name"] == "kompetensi"
    # The test client reads in English (tests/conftest.py): the sentence is translated.
    assert any("JML BABIN" in item and "by the roster" in item for item in kompetensi["items"])


@pytest.mark.parametrize("persona", ["alice", "kapolsek_a", "nobody"])
def test_officers_kapolsek_and_users_without_unit_may_not_open_the_data_quality_page(
    request, login, persona, polsek_a
):
    user = request.getfixturevalue(persona)
    assert login(user).get(reverse("imports:data-quality")).status_code == 403


def test_leadership_may_open_the_data_quality_page_but_not_the_imports(login, polres):
    leader = UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)
    client = login(leader)

    assert client.get(reverse("imports:data-quality")).status_code == 200
    assert client.get(reverse("imports:list")).status_code == 403


def test_the_data_quality_page_costs_the_same_queries_for_small_and_larger_data(
    login, kasat, quality_world, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    # 16: session, user (+unit; the scope is the unit's tree path, no query); the latest imported
    # batch; three checks, each a count and its rows (areas without a primary officer, officers
    # without an area, officers without a phone: 6); the kompetensi recap (the units, the roster
    # per unit, the latest reported recaps: 3) and the konflik recap (the units, incidents per
    # unit, year and category, the categories, the reported counts: 4).
    with django_assert_num_queries(16):
        assert client.get(reverse("imports:data-quality")).status_code == 200
    for _ in range(10):
        officer = OfficerFactory(unit=polsek_a, phone="")
        AssignmentFactory(officer=officer)
        AssistedAreaFactory(unit=polsek_a)
        IncidentFactory(unit=polsek_a)
    # The same 16 with ten more rows in every check and ten incidents.
    with django_assert_num_queries(16):
        response = client.get(reverse("imports:data-quality"))
        assert response.status_code == 200
    assert len(response.context["officers_without_phone"]["rows"]) == 11


def test_an_upload_without_a_file_shows_the_form_again_and_logs_nothing(login, operator_a):
    response = login(operator_a).post(reverse("imports:list"), {"kind": "units"})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == 0


def test_confirming_a_preview_whose_file_was_purged_fails_without_writing(
    login, operator_a, polsek_a, private_dir
):
    batch = previewed_batch(polsek_a, operator_a)
    (private_dir / batch.stored_file).unlink()

    response = login(operator_a).post(reverse("imports:confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == Status.FAILED
    assert "no longer there" in response.text
