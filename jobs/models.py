"""Background jobs as the person who started one sees them: state, progress, result, error.

The queue itself belongs to Django's Tasks framework (the `django-tasks` backport; its database
backend by default, RQ on Redis where configured): a Job row is what our pages read, whatever
backend runs it, and what a retry enqueues again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job is seen by the person who started it, and by no one else (deny by default); like
        every scoped model, by nobody without a unit (the one scoping rule's first line)."""
        if user is None or not user.is_authenticated or not user.is_active or user.pk is None:
            return self.none()
        if getattr(user, "unit_id", None) is None:
            return self.none()
        return self.filter(created_by=user)


class Job(models.Model):
    """One piece of long work a person started: an import, an optimisation, a PDF, a purge."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting its turn")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The task (dotted path of a django_tasks Task) and its keyword arguments, for a retry.
    task_path = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)
    # Percent done and what is being done, as last written to the database (at each stage and
    # at the end); while a job runs, the page reads the live figure from jobs.progress.
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("stage"), max_length=200, blank=True)
    # A result is a file in private storage (jobs.storage) or a page of the app, or both.
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_url = models.CharField(_("result page"), max_length=255, blank=True)
    result_note = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="job_progress_at_most_100",
                violation_error_message=_("Progress cannot pass 100 %."),
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="job_failure_has_a_message",
                violation_error_message=_("A failed job says why."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
