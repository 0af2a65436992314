"""The synonyms of the import vocabulary in the admin: a unit's staff edit their Polres's own,
those who edit reference data also the shared ones (no unit)."""

from django.contrib import admin

from imports.models import Synonym
from imports.resources import SynonymResource
from imports.synonyms import synonym_check, synonym_key, synonym_save
from org import roles
from org.admin_scoping import ScopedAdmin, ValidatedByService
from reports.admin_exports import ScopedExportMixin


@admin.register(Synonym)
class SynonymAdmin(ScopedExportMixin, ValidatedByService, ScopedAdmin):
    resource_classes = (SynonymResource,)
    list_display = ("text", "target", "column", "unit", "created_by", "created_at")
    list_filter = ("column",)
    search_fields = ("text", "target")
    readonly_fields = ("created_by", "created_at")
    fields = ("column", "text", "target", "unit", "created_by", "created_at")

    def _may_write(self, request, obj):
        if obj is not None and obj.unit_id is None:
            return roles.may_edit_reference_data(request.user)
        return True

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "unit" in form.base_fields and not roles.may_edit_reference_data(request.user):
            # A unit's staff keep synonyms for their own units only, never shared ones.
            form.base_fields["unit"].required = True
        return form

    def service_check(self, request, obj, form):
        synonym_check(column=obj.column, text=obj.text, target=obj.target, unit=obj.unit)
        obj.key = synonym_key(obj.text)
        obj.validate_constraints()

    def save_model(self, request, obj, form, change):
        synonym_save(synonym=obj, user=request.user)
