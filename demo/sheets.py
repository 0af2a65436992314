"""The demo's Polres sheets go in through the same importers staff use (imports.services)."""

from imports.services import import_file


class DemoImportError(RuntimeError):
    """A demo sheet was refused by its importer: the fixtures and the importers disagree."""


def sheet_import(kind, path, *, unit, **options):
    """Import one fixture file into `unit`'s scope; raise with the importer's reasons if refused."""
    result = import_file(
        kind=kind,
        data=path.read_bytes(),
        filename=path.name,
        unit=unit,
        options={"source": path.name, **options},
    )
    if not result.ok:
        rows = (result.batch.report or {}).get("rows", [])
        errors = [
            f"baris {row}: {message}" for row, status, _, message in rows if status == "error"
        ]
        raise DemoImportError(
            f"{path.name} ({kind}): {result.batch.message} " + "; ".join(errors[:5])
        )
    return result.batch
