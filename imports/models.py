"""The import log: one batch per file a person imported, or tried to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.scoping import ScopedQuerySet


class ImportBatchQuerySet(ScopedQuerySet):
    unit_path = "unit"


class ImportBatch(models.Model):
    """One file imported (or refused): who, when, what, and what came of each row."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=24)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # PROTECT, not SET_NULL: who applied a file's rows is the point of this log, so an account
    # that confirmed an import cannot be deleted (deactivate it instead) and the name stays.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_import_batches",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    stored_file = models.CharField(
        _("stored file"),
        max_length=255,
        blank=True,
        help_text=_("Private path of the upload while its preview waits; emptied after."),
    )
    options = models.JSONField(_("options"), default=dict, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]
        constraints = [
            # A confirmer without a time, or a confirmation on a batch that wrote nothing (a
            # dry run, a refused or cancelled file), would claim an import that did not happen.
            # The command line confirms without an account: a time and no confirmer is allowed.
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(status="imported", confirmed_at__isnull=False),
                name="import_batch_confirmed_only_when_imported",
                violation_error_message=_("Only an imported batch has a confirmation."),
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
