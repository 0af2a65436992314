"""The migrations that moved models between apps keep every row and move the content types.

A database built by the code before the move (units, a region, a holiday, an incident counted
in the old per-subtree way, a content type with a permission and an admin-log entry) is
migrated forward: the same rows are still there under their old ids, the content types (and so
the permissions and the log entries) belong to the new apps, and the incident counts are each
unit's own. On PostgreSQL this also builds the new index after real rows were rewritten in the
same transaction, which once failed there.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("bhabin", "0008_open_rows_per_area_indexes"),
    ("personnel", "0005_public_holidays"),
    ("conflicts", "0004_incident_date_area_unit_index"),
    ("reports", "0004_area_open_items"),
    ("budget", "0003_reference_data"),
    ("imports", "0002_import_batch_confirmed_by_and_at"),
    ("org", None),
    ("motul", None),
]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the test database as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_moving_models_keeps_rows_ids_and_content_types_and_recounts_incidents(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state([node for node in BEFORE if node[1]]).apps
    content_type = old.get_model("contenttypes", "ContentType")
    unit_model = old.get_model("bhabin", "PoliceUnit")
    polda = unit_model.objects.create(code="P", name="Polda", level="polda", path="")
    polres = unit_model.objects.create(code="R", name="Polres", level="polres", parent=polda)
    polsek = unit_model.objects.create(code="S", name="Polsek", level="polsek", parent=polres)
    chain = ""
    for unit in (polda, polres, polsek):
        chain += f"{unit.pk}/"
        unit_model.objects.filter(pk=unit.pk).update(path=f"/{chain}")
    category = old.get_model("conflicts", "ConflictCategory").objects.order_by("pk").first()
    incident = old.get_model("conflicts", "Incident").objects.create(
        reference="LP/1",
        unit=polsek,
        occurred_on=datetime.date(2022, 3, 4),
        place="Lapangan",
        category=category,
        handling="mediation",
    )
    totals = old.get_model("reports", "UnitIncidentMonth")
    for unit in (polda, polres, polsek):  # the old rows: each unit's subtree total
        totals.objects.create(
            unit=unit, month=datetime.date(2022, 3, 1), category=category, incidents=1
        )
    unit_type, _ = content_type.objects.get_or_create(app_label="bhabin", model="policeunit")
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=unit_type, codename="change_policeunit_probe", name="probe"
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps

    moved_unit = new.get_model("org", "PoliceUnit").objects.get(code="S")
    assert moved_unit.pk == polsek.pk and moved_unit.parent_id == polres.pk
    assert new.get_model("conflicts", "Incident").objects.get().pk == incident.pk
    rows = new.get_model("conflicts", "UnitIncidentMonth").objects.values_list(
        "unit_id", "incidents"
    )
    assert list(rows) == [(polsek.pk, 1)]
    new_type = new.get_model("contenttypes", "ContentType").objects.get(pk=unit_type.pk)
    assert (new_type.app_label, new_type.model) == ("org", "policeunit")
    assert new.get_model("auth", "Permission").objects.get(pk=permission.pk).content_type_id == (
        unit_type.pk
    )
    assert (
        not new.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="bhabin", model="policeunit")
        .exists()
    )
