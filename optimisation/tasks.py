"""The optimisation report as a background job: the whole Polda's took most of a minute, past a
web worker's timeout. The job builds the same PDF as /optimasi/<code>.pdf, with the same
question (the page's query string), asked again as its owner: a right lost meanwhile is a
refusal."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils import timezone
from django_tasks import task

from jobs.services import JobFailed, JobResult, job_body

# optimisation.views starts this job and builds the context it renders: imported as a module,
# so that either may be loaded first.
from optimisation import views
from reports.pdf import render_pdf


class _NoMessages:
    """A job has no page to flash a warning on (a date in the query that does not parse falls
    back to its default, as on the page)."""

    def add(self, *args, **kwargs):
        return None


@task()
@job_body
def optimisation_pdf(job, progress, *, code, query):
    request = SimpleNamespace(user=job.created_by, GET=QueryDict(query), _messages=_NoMessages())
    progress.stage("Menghitung risiko wilayah dan rencana", 0, 70)
    try:
        context = views.report_context(request, code)
    except (PermissionDenied, Http404) as exc:
        raise JobFailed("Anda tidak (lagi) berwenang membuka optimasi satuan ini.") from exc
    progress.stage("Menyusun PDF", 70, 100)
    context["generated_at"] = timezone.localtime()
    pdf = render_pdf("optimisation/pdf.html", context)
    stamp = context["report"].as_of.strftime("%Y%m%d")
    return JobResult(data=pdf, name=f"optimasi-{code}-{stamp}.pdf")
