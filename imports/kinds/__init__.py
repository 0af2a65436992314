"""The import kinds, by the name used on the command line and in the upload form."""

from importlib import import_module

from django.utils.translation import gettext as _

KIND_MODULES = {
    "units": "imports.kinds.units",
    "areas": "imports.kinds.areas",
    "roster": "imports.kinds.roster",
    "competency": "imports.kinds.competency",
    "facilities": "imports.kinds.facilities",
    "dipa": "imports.kinds.dipa",
    "conflicts_per_year": "imports.kinds.conflicts_per_year",
    "incidents": "imports.kinds.incidents",
    "visits": "imports.kinds.visits",
}


def importer_class(kind):
    if kind not in KIND_MODULES:
        from imports.reader import ReadError

        raise ReadError(
            _("Import kind '%(kind)s' is not known. Choices: %(choices)s.")
            % {"kind": kind, "choices": ", ".join(KIND_MODULES)}
        )
    return import_module(KIND_MODULES[kind]).IMPORTER


def kind_choices():
    return [(kind, importer_class(kind).label) for kind in KIND_MODULES]
