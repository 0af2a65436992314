"""Derived figures are written by the services that write their sources, and nowhere else.

The dashboards read aggregates (visits per area and month, open items per area, incidents per
unit and month) that are kept in the transaction that writes the rows they count. That holds
only while every write of those rows goes through the services, so this test reads the source
of every application module (`ast`) and fails on:
- a write of an aggregated model outside the services that keep it;
- a write of a source row (visit, early warning, case, incident, unit) outside the services,
  the importers' services and the bulk loaders named below with the reason they may;
- a `save()` or `delete()` override on a model, or a model signal receiver, in any app: no
  hidden upkeep.
"""

import ast
from pathlib import Path

from django.conf import settings

from tests.architecture.test_floors import FLOORS, application_modules

ROOT = Path(settings.BASE_DIR)
WRITES = {
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
    "save",
}
AGGREGATED = {
    "AreaMonth": {"bhabin/services/aggregates.py"},
    "AreaOpenItems": {"bhabin/services/aggregates.py"},
    "UnitIncidentMonth": {"conflicts/services.py"},
}
SERVICES = {
    "bhabin/services/field_reports.py",
    "bhabin/services/assignments.py",
    "bhabin/services/aggregates.py",
    "conflicts/services.py",
    "org/services.py",
}
# Writers of many rows at once that recount the aggregates themselves when they are done.
BULK_LOADERS = {
    # The synthetic Polda for benchmarks: millions of rows by COPY, then one full recount.
    "demo/scale.py",
}
SOURCES = {
    "Visit": SERVICES | BULK_LOADERS,
    "EarlyWarning": SERVICES | BULK_LOADERS,
    "ProblemCase": SERVICES | BULK_LOADERS,
    "Incident": SERVICES | BULK_LOADERS,
    "Assignment": SERVICES | BULK_LOADERS,
    "PoliceUnit": SERVICES | BULK_LOADERS,
}


def chain_root(node):
    """The name a call's attribute chain starts from (`Visit` in Visit.objects.filter().update)."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def writes_in(path):
    """(line, model name) of each write of a guarded model through its class in a module: a
    manager or queryset write method, or the model built as an object (to be saved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    guarded = set(AGGREGATED) | set(SOURCES)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            root = chain_root(func.value)
            if root in guarded:
                yield node.lineno, root
        elif isinstance(func, ast.Name) and func.id in AGGREGATED:
            yield node.lineno, func.id


def relative(path):
    return str(path.relative_to(ROOT))


def test_aggregated_figures_are_written_only_by_the_services_that_keep_them():
    found = [
        f"{relative(path)}:{line} writes {model}"
        for path, _ in application_modules()
        for line, model in writes_in(path)
        if model in AGGREGATED and relative(path) not in AGGREGATED[model]
    ]
    assert found == []


def test_the_rows_the_aggregates_count_are_written_only_through_the_services():
    found = [
        f"{relative(path)}:{line} writes {model}"
        for path, _ in application_modules()
        for line, model in writes_in(path)
        if model in SOURCES and relative(path) not in SOURCES[model]
    ]
    assert found == []


def test_no_model_overrides_save_or_delete_and_no_app_listens_to_model_signals():
    hidden = []
    signals = {"pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed", "receiver"}
    for path, _ in application_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and "models" in path.parts + (path.stem,):
                overridden = [
                    item.name
                    for item in node.body
                    if isinstance(item, ast.FunctionDef) and item.name in {"save", "delete"}
                ]
                hidden += [f"{relative(path)}:{node.lineno} {node.name}.{n}" for n in overridden]
            if isinstance(node, ast.ImportFrom) and node.module == "django.db.models.signals":
                hidden.append(f"{relative(path)}:{node.lineno} imports model signals")
            if isinstance(node, ast.Name) and node.id in signals - {"receiver"}:
                hidden.append(f"{relative(path)}:{node.lineno} uses {node.id}")
    assert hidden == []


def test_the_guard_sees_a_write_it_should_refuse(tmp_path):
    """The scan itself: a module that writes an aggregate and a visit past the services."""
    module = tmp_path / "rogue.py"
    module.write_text(
        "def f(visit):\n"
        "    AreaMonth.objects.filter(area=1).delete()\n"
        "    Visit.objects.filter(pk=visit.pk).update(area_id=2)\n"
        "    AreaOpenItems(area_id=1, warnings=0, cases=0)\n"
    )
    assert sorted(writes_in(module)) == [(2, "AreaMonth"), (3, "Visit"), (4, "AreaOpenItems")]
    assert set(FLOORS) >= {"bhabin", "conflicts", "org"}
