"""Print a unit's optimisation recommendations (equipment, dikbangspes seats, visit plan) and
the solve times."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from optimisation.report import ITEM_TYPES, ITEM_WORDS, build_report, fmt
from optimisation.whatif import what_if
from org.models import PoliceUnit
from org.periods import parse_date, parse_month
from org.scoping import COMMAND_LINE


def _month(value):
    try:
        return parse_month(value)
    except ValueError as error:
        raise CommandError(str(error)) from error


def _date(value):
    try:
        return parse_date(value)
    except ValueError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Print the optimisation recommendations of a unit and the units below it."

    def add_arguments(self, parser):
        parser.add_argument("unit_code")
        parser.add_argument("--month", type=_month, help="Plan month, YYYY-MM (default: next).")
        parser.add_argument("--as-of", type=_date, help="Report date, YYYY-MM-DD (default: today).")
        parser.add_argument("--motorbikes", type=int, help="Motorbikes to give out.")
        parser.add_argument("--seats", type=int, default=0, help="Dikbangspes seats to fill.")
        parser.add_argument("--more-officers", type=int, default=0)
        parser.add_argument("--more-motorbikes", type=int, default=0)
        parser.add_argument("--more-rupiah", type=int, default=0)
        parser.add_argument("--plan-rows", type=int, default=30, help="Visit-plan rows to print.")

    def handle(self, *args, **options):
        root = PoliceUnit.objects.filter(code=options["unit_code"]).first()
        if root is None:
            raise CommandError(f"No unit with code {options['unit_code']!r}.")
        as_of = options["as_of"] or timezone.localdate()
        report = build_report(
            root,
            as_of=as_of,
            month=options["month"],
            user=COMMAND_LINE,
            motorbikes=options["motorbikes"],
            seats=options["seats"],
        )
        write = self.stdout.write
        write(f"Optimasi {root.name}, per {as_of:%d-%m-%Y}, rencana {report.month:%m-%Y}")
        write("")
        write("4M per satuan (indeks kesenjangan, terburuk dulu):")
        for row in report.gaps:
            index = "-" if row.gap_index is None else fmt(row.gap_index, 2)
            write(f"  {row.rank or '-':>3} {row.name:<32} {index}")
        total = report.total
        motor = total.equipment.get("ranmor-r2")
        write(
            f"  Jumlah: {total.officers} personel, {total.areas} wilayah, dikbangspes "
            f"{total.dikbangspes_done} sudah / {total.dikbangspes_not_yet} belum (roster)"
        )
        if motor and motor.usable:
            write(
                f"  Sepeda motor {motor.usable} untuk {total.officers} personel: "
                f"{fmt(motor.officers_per_item, 1)} personel per motor"
            )
        if report.fiscal_year:
            write(f"  DIPA {report.fiscal_year}: Rp{fmt(total.budget, 0)}")
        write("")
        write("Wilayah paling rawan:")
        for risk in report.risks[:10]:
            write(f"  {fmt(risk.score, 2)}  {risk.reason()}")
        for code in ITEM_TYPES:
            selection = report.equipment[code][0]
            write("")
            write(
                f"(a) {ITEM_WORDS[code]}: {report.offered[code]} dibagi - "
                f"{selection.solution.message} ({selection.solution.seconds:.3f} s)"
            )
            for number, candidate in enumerate(selection.chosen, start=1):
                write(f"  {number}. {candidate.reason}")
        write("")
        write(
            f"(b) Kursi dikbangspes: {report.seat_count} - {report.seats.solution.message} "
            f"({report.seats.solution.seconds:.3f} s)"
        )
        for number, candidate in enumerate(report.seats.chosen, start=1):
            write(f"  {number}. {candidate.reason}")
        write("")
        write(f"(c) Rencana kunjungan {report.month:%m-%Y}:")
        units = report.units_by_id
        for unit_id, plan in report.plans.items():
            write(
                f"  {units[unit_id].name}: {plan.solution.message} {len(plan.entries)} kunjungan "
                f"({plan.solution.seconds:.3f} s)"
            )
        for row in report.plan_rows()[: options["plan_rows"]]:
            dates = ", ".join(f"{d:%d}" for d in row["dates"])
            write(f"  {row['reason']} - {', '.join(row['officers'])}; tanggal {dates}")
        for answer in what_if(
            report,
            officers=options["more_officers"],
            motorbikes=options["more_motorbikes"],
            rupiah=options["more_rupiah"],
        ):
            write("")
            write(f"(d) Bagaimana jika {answer.question} ({answer.seconds:.3f} s):")
            for change in answer.changes:
                write(f"  {change.label}: {change.before} -> {change.after}")
            for line in answer.lines[:20]:
                write(f"  - {line}")
        write("")
        write("Waktu (detik): " + ", ".join(f"{k} {v:.3f}" for k, v in report.timings.items()))
