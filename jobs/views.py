"""A person's own jobs: the list, one job's page (which polls while it runs), its state as JSON,
its result to download, and a retry. Every query goes through `Job.objects.visible_to`: another
person's job is a 404, whoever asks."""

import mimetypes

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import services, storage
from jobs.models import Job

JOBS_PER_PAGE = 30
# Seconds between two looks at a running job (the JSON poll, or the page's own refresh).
POLL_SECONDS = 2


def _own_job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def _state(job):
    percent, note, stale = services.live_state(job)
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": percent,
        "note": note,
        "stale": stale,
        "finished": job.is_finished,
    }


def job_list(request):
    jobs = Job.objects.visible_to(request.user).defer("arguments", "result_note")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})


def job_detail(request, pk):
    job = _own_job(request, pk)
    state = _state(job)
    context = {
        "job": job,
        "state": state,
        "may_retry": services.may_retry(job),
        "poll_seconds": POLL_SECONDS,
        "polling": not job.is_finished and not state["stale"],
    }
    return render(request, "jobs/job_detail.html", context)


def job_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(_state(job))


def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.result_file:
        raise Http404
    try:
        handle = storage.open_result(job.result_file)
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(job.result_name)[0] or "application/octet-stream"
    return FileResponse(
        handle, as_attachment=True, filename=job.result_name, content_type=content_type
    )


@require_POST
def job_retry(request, pk):
    job = _own_job(request, pk)
    if not services.may_retry(job):
        messages.info(request, _("This job is not waiting to be started again."))
        return redirect(job)
    services.job_retry(job=job)
    messages.success(request, _("The job was started again."))
    return redirect(job)
