"""Who read the records of people involved in incidents (UU PDP 27/2022: specific personal data).

Changes to every domain model are in django-auditlog's LogEntry (see audit/registry.py); this
table records readings, which no model signal sees.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One person-involved record shown to one user, once."""

    class Via(models.TextChoices):
        INCIDENT_PAGE = "incident_page", _("Incident page")
        ADMIN_LIST = "admin_list", _("Admin list")
        ADMIN_PAGE = "admin_page", _("Admin page")
        ADMIN_DELETE = "admin_delete", _("Admin delete confirmation")
        ADMIN_HISTORY = "admin_history", _("Admin history")
        ADMIN_AUTOCOMPLETE = "autocomplete", _("Admin autocomplete search")
        PLAN_PAGE = "plan_page", _("MOTUL plan page")
        EXPORT = "export", _("Export or PDF")
        SUBJECT_ACCESS = "subject_access", _("Subject access export")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: the account may be deleted, the reading stays on record.
    username = models.CharField(_("username"), max_length=150)
    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    model = models.CharField(
        _("model"), max_length=100, help_text=_("app_label.model_name of the record read.")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    via = models.CharField(_("via"), max_length=16, choices=Via.choices)
    path = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="access_log_object_idx")]

    def __str__(self):
        return f"{self.when:%Y-%m-%d %H:%M} {self.username} {self.model} #{self.object_id}"
