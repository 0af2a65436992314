"""manage.py import_sheet KIND FILE [--dry-run]: import a Polres spreadsheet, all or nothing."""

import csv
import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from imports.base import ERROR, STATUS_LABELS
from imports.kinds import KIND_MODULES
from imports.models import Synonym
from imports.reader import decode_text
from imports.services import VALID_ROWS, import_file
from imports.synonyms import synonym_remember
from org.models import PoliceUnit


class Command(BaseCommand):
    help = (
        "Impor berkas xlsx/xls/ods/csv Polres. Keluar 0 bila diimpor (atau sah, dengan --dry-run), "
        "1 bila ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KIND_MODULES), help="jenis data")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa saja, tulis apa pun tidak"
        )
        parser.add_argument(
            "--unit", help="kode satuan yang mengimpor (bawaan: Polres teratas)", default=None
        )
        parser.add_argument("--as-of", dest="as_of", help="tanggal berlaku (YYYY-MM-DD)")
        parser.add_argument("--year", type=int, help="tahun (untuk DIPA dan rekap tahunan)")
        parser.add_argument("--all-rows", action="store_true", help="cetak hasil setiap baris")
        parser.add_argument(
            "--map",
            dest="map_file",
            type=Path,
            help="CSV pemetaan nilai (kolom,nilai,kode; kode kosong = tolak baris itu); kode "
            "yang dipilih diingat sebagai sinonim Polres",
        )
        parser.add_argument(
            "--valid-rows",
            action="store_true",
            help="impor baris yang sah, sisihkan baris bergalat (bawaan: semua atau tidak sama "
            "sekali)",
        )

    def handle(self, *args, **options):
        # The command speaks the configured language (Indonesian), as its own lines do,
        # whatever language the process left active.
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(*args, **options)

    def _handle(
        self,
        *args,
        kind,
        file,
        dry_run,
        unit,
        as_of,
        year,
        all_rows,
        map_file,
        valid_rows,
        **options,
    ):
        if not file.is_file():
            raise CommandError(_("File %(file)s was not found.") % {"file": file})
        root = self._unit(unit)
        opts = {"source": file.name}
        if valid_rows:
            opts["mode"] = VALID_ROWS
        if map_file:
            opts["mapping"] = self._mapping(map_file, root, remember=not dry_run)
        if as_of:
            opts["as_of"] = as_of
        if year:
            opts["year"] = year
        result = import_file(
            kind=kind,
            data=file.read_bytes(),
            filename=file.name,
            unit=root,
            dry_run=dry_run,
            options=opts,
        )
        self.print_report(result, all_rows)
        if not result.ok:
            raise CommandError(_("The file was refused; no data was written."), returncode=1)

    def _mapping(self, path, root, *, remember):
        """The choices of a mapping CSV, by column; the codes chosen are remembered."""
        if not path.is_file():
            raise CommandError(_("Mapping file %(file)s was not found.") % {"file": path})
        columns = {choice for choice, _label in Synonym.Column.choices}
        mapping = {}
        text = decode_text(path.read_bytes())
        for number, record in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not record or not "".join(record).strip():
                continue
            if len(record) < 2 or (number == 1 and record[0].strip().lower() == "kolom"):
                continue
            column, value = record[0].strip(), record[1].strip()
            code = record[2].strip() if len(record) > 2 else ""
            if column not in columns:
                raise CommandError(
                    _(
                        "%(file)s row %(row)s: column '%(column)s' is not known"
                        " (choices: %(choices)s)."
                    )
                    % {
                        "file": path.name,
                        "row": number,
                        "column": column,
                        "choices": ", ".join(sorted(columns)),
                    }
                )
            if code and remember:
                try:
                    synonym_remember(unit=root, column=column, text=value, target=code)
                except ValidationError as exc:
                    raise CommandError(
                        _("%(file)s row %(row)s: %(error)s")
                        % {"file": path.name, "row": number, "error": " ".join(exc.messages)}
                    ) from None
            mapping.setdefault(column, {})[value] = code
        return mapping

    def _unit(self, code):
        if code:
            try:
                return PoliceUnit.objects.get(code=code)
            except PoliceUnit.DoesNotExist:
                raise CommandError(
                    _("There is no unit with code '%(code)s'.") % {"code": code}
                ) from None
        root = PoliceUnit.objects.filter(level=PoliceUnit.Level.POLRES).order_by("pk").first()
        if root is None:
            raise CommandError(_("There is no Polres in the database yet; create the units first."))
        return root

    def print_report(self, result, all_rows):
        batch = result.batch
        self.stdout.write(f"{batch.file_name} ({batch.kind}) -> {batch.get_status_display()}")
        if batch.message:
            self.stdout.write(batch.message)
        report = batch.report or {}
        counts = report.get("counts")
        if counts:
            self.stdout.write(
                _("Rows: %(counts)s")
                % {
                    "counts": ", ".join(
                        f"{STATUS_LABELS[key]} {value}" for key, value in counts.items()
                    )
                }
            )
        for row, status, key, message in report.get("rows", []):
            if status == ERROR or all_rows:
                detail = f": {message}" if message else ""
                line = _("row %(row)s [%(status)s] %(key)s") % {
                    "row": row,
                    "status": STATUS_LABELS[status],
                    "key": key,
                }
                self.stdout.write(f"  {line}{detail}")
        unknowns = report.get("unknowns") or {}
        if unknowns:
            self.stdout.write(
                _("Unknown values (copy them into a --map file; an empty code rejects their rows):")
            )
            self.stdout.write("kolom,nilai,kode,baris,usulan")
            for column, values in sorted(unknowns.items()):
                ordered = sorted(values.items(), key=lambda item: (-item[1]["count"], item[0]))
                for value, entry in ordered:
                    proposal = entry.get("proposal") or ""
                    self.stdout.write(
                        _csv_line([column, value, proposal, entry["count"], entry.get("how", "")])
                    )
        for finding in report.get("findings", []):
            where = _("row %(row)s:") % {"row": finding["row"]} + " " if finding["row"] else ""
            level = _("ERROR") if finding["level"] == "error" else _("CHECK")
            self.stdout.write(f"  {level} {where}{finding['message']}")


def _csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()
