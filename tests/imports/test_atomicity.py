"""All or nothing by default; "import the valid rows, set the rest aside" on request; either way
an error workbook whose corrected rows import with 0 errors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import localtime
from openpyxl import load_workbook

from bhabin.models import Visit
from imports.errorbook import MESSAGE_HEADING
from imports.models import ImportBatch
from personnel.models import User
from tests.factories import OfficerFactory, UserFactory
from tests.imports.test_kind_visits import log, row

Status = ImportBatch.Status


@pytest.fixture
def dodi(polsek_a, area_a1):
    return OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")


@pytest.fixture
def client_res(login, polres):
    return login(UserFactory(username="operator_res", role=User.Role.OPERATOR, unit=polres))


def mixed_log():
    """Three good rows, a row with an NRP nobody has, a row with a date that does not exist."""
    return log(
        row(time="07:00"),
        row(time="08:00", nrp="89999999"),
        row(time="09:00", narrative='=HYPERLINK("http://x")'),
        row(time="10:00", date="2022-02-30"),
        row(time="11:00", households="-"),
    )


def upload(client, data, name="log.csv", **fields):
    file = SimpleUploadedFile(name, data)
    response = client.post(reverse("imports:list"), {"kind": "visits", "file": file, **fields})
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.latest("pk")


def confirm(client, batch, capture):
    with capture(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    return batch


def workbook_rows(client, batch):
    response = client.get(reverse("imports:errors", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="galat-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in line] for line in sheet.iter_rows()], response.content


def corrected(rows):
    """The workbook as an operator corrects it in Excel: the wrong cells fixed."""
    fixed = [list(r) for r in rows]
    for line in fixed[1:]:
        line[3] = "80000001" if line[3] == "89999999" else line[3]
        line[1] = "2022-02-28" if line[1] == "2022-02-30" else line[1]
    buffer = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    for line in fixed:
        book.active.append(line)
        for cell in book.active[book.active.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(buffer)
    return buffer.getvalue()


def test_all_or_nothing_refuses_the_file_and_its_workbook_holds_every_row(
    client_res, dodi, django_capture_on_commit_callbacks
):
    batch = upload(client_res, mixed_log())

    assert batch.status == Status.REJECTED
    assert Visit.objects.count() == 0
    rows, _content = workbook_rows(client_res, batch)
    assert rows[0][0] == MESSAGE_HEADING
    assert len(rows) == 1 + 5
    messages = [line[0] for line in rows[1:]]
    assert [bool(m) for m in messages] == [False, True, False, True, False]
    assert "89999999" in messages[1]
    # The text that looks like a formula stays text.
    assert rows[3][8] == '=HYPERLINK("http://x")'

    again = upload(client_res, corrected(rows), name="galat-log.xlsx")

    assert again.rows_error == 0
    assert again.status == Status.PREVIEWED
    confirm(client_res, again, django_capture_on_commit_callbacks)
    assert Visit.objects.count() == 5


def test_the_valid_rows_mode_writes_exactly_the_valid_rows_and_the_rest_round_trips(
    client_res, dodi, django_capture_on_commit_callbacks
):
    batch = upload(client_res, mixed_log(), mode="valid_rows")
    assert batch.status == Status.PREVIEWED
    assert batch.report["acceptable"] is True

    batch = confirm(client_res, batch, django_capture_on_commit_callbacks)

    assert batch.status == Status.IMPORTED
    assert (batch.rows_new, batch.rows_error) == (3, 2)
    assert sorted(localtime(v.occurred_at).hour for v in Visit.objects.all()) == [7, 9, 11]
    rows, _content = workbook_rows(client_res, batch)
    assert len(rows) == 1 + 2  # the rows set aside only
    assert all(line[0] for line in rows[1:])

    again = upload(client_res, corrected(rows), name="galat-log.xlsx")

    assert (again.rows_new, again.rows_error) == (2, 0)
    confirm(client_res, again, django_capture_on_commit_callbacks)
    assert Visit.objects.count() == 5


def test_a_file_whose_every_row_is_wrong_writes_nothing_in_the_valid_rows_mode(client_res, dodi):
    batch = upload(client_res, log(row(nrp="89999999")), mode="valid_rows")

    assert batch.report["counts"]["error"] == 1
    assert Visit.objects.count() == 0


def test_another_units_operator_cannot_download_the_workbook(client_res, dodi, login, polsek_b):
    batch = upload(client_res, mixed_log())
    stranger = UserFactory(username="op_b", role=User.Role.OPERATOR, unit=polsek_b)

    response = login(stranger).get(reverse("imports:errors", args=[batch.pk]))

    assert response.status_code == 404
