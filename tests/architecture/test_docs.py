"""The README's map and the glossary point at code that exists: a newcomer following them never
lands on a module, a model or a function that was moved or renamed."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def table_rows(text, heading):
    """The cells of every row of the tables under a heading (up to the next heading of its
    level)."""
    level = heading.split(" ")[0]
    section = text.split(heading, 1)[1]
    section = re.split(rf"\n{level} ", section, maxsplit=1)[0]
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]


def resolves(name):
    """Whether `name` is an object of the code: `app.Model[.attribute]` (looked up in the app's
    models module) or `module[.attribute...]` (`bhabin.schedules.visits_per_month`)."""
    parts = name.removesuffix("()").split(".")
    labels = {config.label for config in apps.get_app_configs()}
    candidates = [(f"{parts[0]}.models", parts[1:])] if parts[0] in labels else []
    candidates += [(".".join(parts[:cut]), parts[cut:]) for cut in range(len(parts), 0, -1)]
    for module, attributes in candidates:
        try:
            target = importlib.import_module(module)
        except ImportError:
            continue
        for attribute in attributes:
            if not hasattr(target, attribute):
                break
            target = getattr(target, attribute)
        else:
            return True
    return False


def glossary_names():
    text = (ROOT / "docs" / "glossary.md").read_text()
    names = []
    for row in [
        row for heading in re.findall(r"^## .*$", text, re.M) for row in table_rows(text, heading)
    ]:
        names += re.findall(r"`([A-Za-z_][\w.]*(?:\(\))?)`", row[-1])
    return [name for name in names if "." in name]


@pytest.mark.parametrize("name", glossary_names())
def test_every_glossary_entry_points_at_code_that_exists(name):
    qualified = name
    if name.split(".")[0] in {
        "AssistedArea",
        "BudgetLine",
        "InvolvedPerson",
        "Assignment",
        "PoliceUnit",
        "Officer",
    }:
        owner = {
            "AssistedArea": "bhabin.AssistedArea",
            "BudgetLine": "budget.BudgetLine",
            "InvolvedPerson": "conflicts.InvolvedPerson",
            "Assignment": "bhabin.Assignment",
            "PoliceUnit": "org.PoliceUnit",
            "Officer": "personnel.Officer",
        }[name.split(".")[0]]
        qualified = owner + name[len(name.split(".")[0]) :]
    assert resolves(qualified), qualified


def test_the_glossary_names_many_things():
    assert len(glossary_names()) > 40


def test_every_path_in_the_readmes_map_exists():
    text = (ROOT / "README.md").read_text()
    rows = table_rows(text, "## Where to find it")
    paths = [
        path.split(" ")[0]
        for row in rows
        for cell in row[1:]
        for path in re.findall(r"`([\w/.]+(?:\.py|/|\.html))`", cell)
    ]
    assert len(paths) > 25
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert missing == []
