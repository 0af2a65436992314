"""The house keeps its floors: a module imports only from its own floor or below.

The floors are data, here, and the README shows the same table. Every import statement of
every application module is read from its source (`ast`, so imports inside functions count),
and an import of a project app on a higher floor fails the test with the module and the line.
Same-floor imports are allowed, but the apps must not import each other in a circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

FLOORS = {
    # 0. The ground: the unit tree, regions, the scoping rule and the roles; the audit trail;
    #    the tools every feature renders documents with (SVG charts, PDF, xlsx); background jobs
    #    (the Job a person sees, its progress, its result; each feature defines its own tasks).
    "org": 0,
    "audit": 0,
    "reports": 0,
    "jobs": 0,
    # 1. People: officers, their training and competencies, the users who log in.
    "personnel": 1,
    # 2. What is done and recorded in the field: assisted areas, visits, early warnings,
    #    cases, schedules (bhabin); conflicts; budget and facilities.
    "bhabin": 2,
    "conflicts": 2,
    "budget": 2,
    # 3. The features that read them.
    "dashboard": 3,
    "recaps": 3,
    "monthly": 3,
    "motul": 3,
    "optimisation": 3,
    "imports": 3,
    # 4. The demo data and the scale generator.
    "demo": 4,
    # 5. The project: settings, the URLconf, the home page that picks a floor's page.
    "config": 5,
}


def application_modules():
    """(path, app) of every Python module of the apps, their migrations aside."""
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, app


def imported_apps(path):
    """(line, imported app) of each import of a project app in a module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOORS:
                yield node.lineno, top


def test_every_app_is_on_a_floor():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"config"} and (path.parent / "__init__.py").exists()
    }
    assert apps - set(FLOORS) == set()
    assert {name.split(".")[0] for name in settings.INSTALLED_APPS} >= set(FLOORS) - {"config"}


def test_no_module_imports_from_a_higher_floor():
    upward = [
        f"{path.relative_to(ROOT)}:{line} ({app}, floor {FLOORS[app]}) imports {target} "
        f"(floor {FLOORS[target]})"
        for path, app in application_modules()
        for line, target in imported_apps(path)
        if FLOORS[target] > FLOORS[app]
    ]
    assert upward == []


def test_the_apps_do_not_import_each_other_in_a_circle():
    graph = defaultdict(set)
    for path, app in application_modules():
        for _, target in imported_apps(path):
            if target != app:
                graph[app].add(target)

    def cycle_from(start):
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for following in graph[node]:
                if following == start:
                    return [*trail, start]
                if following not in trail:
                    stack.append((following, [*trail, following]))
        return None

    circles = {tuple(cycle) for app in FLOORS if (cycle := cycle_from(app))}
    assert circles == set()


MAX_MODULE_LINES = 600


def test_no_module_grows_past_the_size_where_it_should_become_a_package():
    too_long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path, _ in application_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert too_long == []
