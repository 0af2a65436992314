"""Monthly reports as background jobs: one unit's PDF (a Polda's takes tens of seconds), and the
month-close, which renders the report of the unit and of every unit below it into one archive.
Each job asks again, as its owner, whether they may read the unit: a role or unit changed since
the job was queued is a refusal, not a report."""

import io
import zipfile

from django_tasks import task

from jobs.services import JobFailed, JobResult, job_body

# monthly.views starts these jobs and holds the renderer they share: imported as a module, so
# that either may be loaded first.
from monthly import views
from monthly.report import monthly_report
from org.models import PoliceUnit
from org.periods import parse_month
from org.roles import may_read_unit_figures

NOT_ALLOWED = "Anda tidak (lagi) berwenang membaca laporan satuan ini."


def _unit_and_month(user, code, period):
    if not may_read_unit_figures(user):
        raise JobFailed(NOT_ALLOWED)
    unit = (
        PoliceUnit.objects.visible_to(user)
        .select_related("parent__parent__parent")
        .filter(code=code)
        .first()
    )
    if unit is None:
        raise JobFailed(NOT_ALLOWED)
    return unit, parse_month(period)


@task()
@job_body
def monthly_pdf(job, progress, *, code, period):
    unit, month = _unit_and_month(job.created_by, code, period)
    progress.stage(f"Menyusun laporan {unit.name}", 0, 100)
    pdf = views.render_monthly(monthly_report(unit, month.year, month.month))
    return JobResult(data=pdf, name=f"laporan-{unit.code}-{period}.pdf".lower())


@task()
@job_body
def month_close(job, progress, *, code, period):
    """Every unit's monthly report, from `code` down, as PDFs in one zip archive."""
    root, month = _unit_and_month(job.created_by, code, period)
    units = list(
        PoliceUnit.objects.visible_to(job.created_by)
        .filter(root.subtree("id"))
        .select_related("parent__parent__parent")
        .order_by("path")
    )
    progress.stage(f"Menyusun laporan {len(units)} satuan", 0, 100)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for number, unit in enumerate(units, 1):
            pdf = views.render_monthly(monthly_report(unit, month.year, month.month))
            bundle.writestr(f"laporan-{unit.code}-{period}.pdf".lower(), pdf)
            progress.step(number, len(units))
    return JobResult(
        data=archive.getvalue(),
        name=f"tutup-bulan-{root.code}-{period}.zip".lower(),
        note=f"Laporan {len(units)} satuan untuk {period}.",
    )
