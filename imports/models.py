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


def ancestor_paths(unit):
    """The tree paths of a unit and of every unit above it ("/1/", "/1/5/", "/1/5/42/")."""
    path = unit.path if unit is not None else ""
    return [path[: end + 1] for end, char in enumerate(path) if char == "/"][1:]


class SynonymQuerySet(ScopedQuerySet):
    unit_path = "unit"

    def scope_condition(self, user):
        # The shared synonyms (no unit) are read by every staff user; a unit's own by its staff
        # and the staff of the units below it, whose imports use them.
        condition = super().scope_condition(user)
        if condition is None or user.is_officer:
            return None
        return condition | Q(unit__isnull=True) | Q(unit__path__in=ancestor_paths(user.unit))

    def for_import(self, unit, column):
        """The synonyms an import by `unit` uses: shared ones and those of its unit and the units
        above it (a Polsek's import uses its Polres's)."""
        paths = ancestor_paths(unit)
        return self.filter(Q(unit__isnull=True) | Q(unit__path__in=paths), column=column)


class Synonym(models.Model):
    """A word a unit's sheets use for a coded value, and the code it means."""

    class Column(models.TextChoices):
        ACTIVITY = "activity", _("activity")
        FACILITY_TYPE = "facility_type", _("facility type")
        INCIDENT_CATEGORY = "incident_category", _("incident category")
        RANK = "rank", _("rank")
        EDUCATION = "education", _("education")
        UNIT = "unit", _("unit")
        AREA = "area", _("assisted area")

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_synonyms",
        help_text=_("Empty: used by every unit's imports."),
    )
    column = models.CharField(_("column"), max_length=24, choices=Column.choices)
    text = models.CharField(_("as written"), max_length=200)
    key = models.CharField(_("matching key"), max_length=200, editable=False)
    target = models.CharField(
        _("means (code)"), max_length=60, help_text=_("The code of the value the text means.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("remembered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("remembered at"), auto_now_add=True)

    objects = SynonymQuerySet.as_manager()

    class Meta:
        verbose_name = _("import synonym")
        verbose_name_plural = _("import synonyms")
        ordering = ["column", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "column", "key"],
                name="import_synonym_one_meaning_per_unit",
                violation_error_message=_("This unit already has a meaning for this text."),
            ),
            models.UniqueConstraint(
                fields=["column", "key"],
                condition=Q(unit__isnull=True),
                name="import_synonym_one_shared_meaning",
                violation_error_message=_("A shared synonym already gives this text a meaning."),
            ),
            models.CheckConstraint(
                condition=~Q(key="") & ~Q(target=""),
                name="import_synonym_has_text_and_target",
                violation_error_message=_("A synonym needs a text and the code it means."),
            ),
        ]

    def __str__(self):
        return f"{self.text} → {self.target}"
