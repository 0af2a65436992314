"""Recap tables and list exports in the browser: scoped to the user's unit, neutralised cells.

Uses the small tree of tests/reports/conftest.py (recap_data) and the personas of
tests/conftest.py.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conflicts.models import InvolvedPerson, Involvement
from personnel.models import User
from reports.exports import write_rows_xlsx
from tests.factories import (
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    UserFactory,
    VisitFactory,
)
from tests.reports.test_query_counts import QUERIES as RECAP_QUERIES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(sheet, heading):
    rows = values(sheet)
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def test_the_writer_neutralises_every_string_cell_bolds_and_freezes_the_header():
    out = io.BytesIO()
    write_rows_xlsx(
        out,
        sheet_name="Wilayah: uji",
        header=["Nama", "Jumlah"],
        rows=[['=HYPERLINK("http://x","klik")', 3], ["+62 812", -4], ["@SUM(A1)", None]],
    )
    sheet = load_workbook(io.BytesIO(out.getvalue())).active

    assert values(sheet) == [
        ["Nama", "Jumlah"],
        ['\'=HYPERLINK("http://x","klik")', 3],
        ["'+62 812", -4],
        ["'@SUM(A1)", None],
    ]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Wilayah  uji"


def test_kapolsek_a_downloads_the_bhabin_recap_of_polsek_a_only(login, kapolsek_a, recap_data):
    sheet = workbook(login(kapolsek_a).get(reverse("recaps:xlsx", args=["bhabin"]))).active

    units = [row[1] for row in values(sheet) if isinstance(row[0], int)]
    assert units == ["POLSEK A"]


def test_the_kasat_downloads_the_recap_of_the_whole_polres(login, kasat, recap_data):
    sheet = workbook(login(kasat).get(reverse("recaps:xlsx", args=["bhabin"]))).active

    units = [row[1] for row in values(sheet) if isinstance(row[0], int)]
    assert units == ["POLRES UJI", "POLSEK A", "POLSEK B"]


def test_a_yearly_recap_reads_the_year(login, kasat, recap_data):
    response = login(kasat).get(reverse("recaps:xlsx", args=["dipa"]), {"tahun": "2020"})

    sheet = workbook(response).active
    assert sheet.title == "DIPA 2020"
    assert "2020" in response["Content-Disposition"]


def test_the_recap_page_shows_the_table_its_differences_and_a_download_link(
    login, kasat, recap_data
):
    response = login(kasat).get(reverse("recaps:table", args=["bhabin"]))

    assert response.status_code == 200
    assert "POLSEK B" in response.text
    assert reverse("recaps:xlsx", args=["bhabin"]) in response.text


def test_a_recap_that_cannot_be_built_says_why(login, kapolsek_b, polsek_b):
    response = login(kapolsek_b).get(reverse("recaps:table", args=["dipa"]))

    assert response.status_code == 404
    assert "No DIPA lines for POLSEK B yet." in response.text  # in the reader's English
    assert login(kapolsek_b).get(reverse("recaps:xlsx", args=["dipa"])).status_code == 404


def test_an_unknown_recap_or_list_is_a_404(login, kasat):
    client = login(kasat)
    assert client.get(reverse("recaps:table", args=["gaji"])).status_code == 404
    assert client.get(reverse("recaps:xlsx", args=["gaji"])).status_code == 404
    assert client.get("/ekspor/pengguna.xlsx").status_code == 404


@pytest.mark.parametrize("persona", ["alice", "nobody"])
def test_officers_and_users_without_unit_may_not_open_the_recaps(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("recaps:index")).status_code == 403
    assert client.get(reverse("recaps:table", args=["bhabin"])).status_code == 403
    assert client.get(reverse("recaps:xlsx", args=["bhabin"])).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    for url in (
        reverse("recaps:index"),
        reverse("recaps:table", args=["bhabin"]),
        reverse("recaps:xlsx", args=["bhabin"]),
        reverse("bhabin:area-export"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_area_export_holds_the_users_scope_only(login, kapolsek_a, area_a1, area_b1):
    sheet = workbook(login(kapolsek_a).get(reverse("bhabin:area-export"))).active

    assert column(sheet, "Area") == ["Desa A1"]


def test_the_area_export_applies_the_list_filters(login, kasat, polsek_a, area_a1, area_b1):
    AssistedAreaFactory(unit=polsek_a, name="Kampung Lain")
    client = login(kasat)

    by_name = workbook(client.get(reverse("bhabin:area-export"), {"q": "desa"})).active
    by_unit = workbook(client.get(reverse("bhabin:area-export"), {"satuan": "POLSEK-B"})).active

    assert sorted(column(by_name, "Area")) == ["Desa A1", "Desa B1"]
    assert column(by_unit, "Area") == ["Desa B1"]


def test_a_formula_typed_into_an_area_name_comes_out_neutralised(login, kapolsek_a, polsek_a):
    AssistedAreaFactory(unit=polsek_a, name='=HYPERLINK("http://evil.example","Klik")')

    sheet = workbook(login(kapolsek_a).get(reverse("bhabin:area-export"))).active

    assert column(sheet, "Area") == ['\'=HYPERLINK("http://evil.example","Klik")']
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"


def test_the_officer_export_carries_phone_numbers_in_scope_only(
    login, kapolsek_a, polsek_a, polsek_b
):
    OfficerFactory(unit=polsek_a, name="Budi", phone="+6281111111111")
    OfficerFactory(unit=polsek_b, name="Citra", phone="+6282222222222")

    sheet = workbook(login(kapolsek_a).get(reverse("bhabin:officer-export"))).active

    assert column(sheet, "Name") == ["Budi"]
    # A leading + would read as a formula: it is kept as text, with the neutralising quote.
    assert column(sheet, "Phone") == ["'+6281111111111"]


def test_the_officer_export_can_list_officers_without_an_area_or_a_phone(
    login, kapolsek_a, alice, polsek_a
):
    OfficerFactory(unit=polsek_a, name="Dodi", phone="")
    client = login(kapolsek_a)

    unassigned = workbook(
        client.get(reverse("bhabin:officer-export"), {"tanpa_wilayah": "1"})
    ).active
    no_phone = workbook(client.get(reverse("bhabin:officer-export"), {"tanpa_telepon": "1"})).active

    assert column(unassigned, "Name") == ["Dodi"]
    assert column(no_phone, "Name") == ["Dodi"]


def test_an_officer_exports_only_their_own_visits(login, alice, bob, area_a1, polsek_a):
    colleague = OfficerFactory(unit=polsek_a, name="Carol")
    VisitFactory(officer=alice.officer, area=area_a1)
    VisitFactory(officer=colleague, area=area_a1)

    sheet = workbook(login(alice).get(reverse("bhabin:visit-export"))).active

    assert column(sheet, "Officer") == ["Alice"]


def test_the_incident_export_is_scoped_filtered_by_year_and_names_no_person_involved(
    login, kasat, polsek_a, polsek_b
):
    incident = IncidentFactory(unit=polsek_a, place="Lapangan A", side_a="Geng Rahasia")
    IncidentFactory(unit=polsek_b, place="Pasar B", occurred_on=incident.occurred_on.replace(2019))
    person = InvolvedPerson.objects.create(name="Joko Terlibat")
    Involvement.objects.create(incident=incident, person=person, role=Involvement.Role.WITNESS)
    client = login(kasat)

    every = workbook(client.get(reverse("conflicts:incident-export"))).active
    one_year = workbook(
        client.get(reverse("conflicts:incident-export"), {"tahun": incident.occurred_on.year})
    ).active

    assert sorted(column(every, "Place")) == ["Lapangan A", "Pasar B"]
    assert column(one_year, "Place") == ["Lapangan A"]
    cells = {str(cell) for row in values(every) for cell in row}
    assert "Joko Terlibat" not in cells
    assert "Geng Rahasia" not in cells


def test_a_user_without_unit_exports_an_empty_list(login, nobody, area_a1):
    sheet = workbook(login(nobody).get(reverse("bhabin:area-export"))).active

    assert len(values(sheet)) == 1


def add_export_rows(export, unit, area, officer, count):
    """`count` more rows for a list export, each with every related column filled."""
    for _ in range(count):
        if export == "bhabin:officer-export":
            OfficerFactory(unit=unit)
        elif export == "bhabin:area-export":
            AssistedAreaFactory(unit=unit, region=area.region)
        elif export == "bhabin:visit-export":
            VisitFactory(officer=officer, area=area)
        else:
            IncidentFactory(unit=unit, area=area, handling_officer=officer)


# Each export: session, user (+unit; the scope is the unit's tree path, no query) and the rows
# with their related columns joined, in one query read 2,000 rows at a time (one cursor on
# SQLite, one server-side cursor on PostgreSQL): 3, for 3 rows as for 30.
EXPORT_QUERIES = 3


@pytest.mark.parametrize(
    "export",
    [
        "bhabin:officer-export",  # the officers (+unit)
        "bhabin:area-export",  # the areas (+unit, region)
        "bhabin:visit-export",  # the visits (+officer, area, unit, activity)
        "conflicts:incident-export",  # the incidents (+unit, area, category, handling officer)
    ],
)
def test_an_export_costs_the_same_queries_for_few_and_many_rows(
    login, kasat, polsek_a, alice, area_a1, export, django_assert_num_queries
):
    add_export_rows(export, polsek_a, area_a1, alice.officer, 3)
    client = login(kasat)
    # 3 (EXPORT_QUERIES): session, user; the rows, whatever their number.
    with django_assert_num_queries(EXPORT_QUERIES):
        few = client.get(reverse(export))
        assert few.status_code == 200
    add_export_rows(export, polsek_a, area_a1, alice.officer, 27)
    # The same 3 for 30 more rows.
    with django_assert_num_queries(EXPORT_QUERIES):
        many = client.get(reverse(export))
        assert many.status_code == 200
    assert len(values(workbook(many).active)) == len(values(workbook(few).active)) + 27


# A recap page or download: session, user (+unit; the recap's root is the user's unit, no
# query) and the recap's own queries (tests/reports/test_query_counts.py names them: the units
# below the root, then the table's); the page adds nothing, nor does the workbook.
@pytest.mark.parametrize("table", RECAP_QUERIES)
@pytest.mark.parametrize("name", ["recaps:table", "recaps:xlsx"])
def test_a_recap_page_and_its_download_cost_a_fixed_number_of_queries(
    login, kasat, recap_data, table, name, django_assert_num_queries
):
    client = login(kasat)
    # 2 + RECAP_QUERIES[table]: session, user; the recap.
    with django_assert_num_queries(2 + RECAP_QUERIES[table]):
        assert client.get(reverse(name, args=[table])).status_code == 200


def test_the_recap_index_costs_the_session_and_the_user(login, kasat, django_assert_num_queries):
    client = login(kasat)
    # 2: session, user (+unit); the list of recaps is fixed.
    with django_assert_num_queries(2):
        assert client.get(reverse("recaps:index")).status_code == 200


def test_leadership_reads_the_recaps(login, polres):
    leader = UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)

    assert login(leader).get(reverse("recaps:index")).status_code == 200
