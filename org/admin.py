"""Admin for the unit tree, Kemendagri regions and public holidays. Units are written through
org.services, so their tree paths and the rules of who may place a unit where hold here too."""

from django.contrib import admin

from org.admin_scoping import ReferenceAdmin, ScopedAdmin, ScopedTabularInline, ValidatedByService
from org.models import MonthPeriod, MonthPeriodStep, PoliceUnit, PublicHoliday, Region
from org.services import unit_check_place, unit_delete, unit_may_move, unit_save


@admin.register(PoliceUnit)
class PoliceUnitAdmin(ValidatedByService, ScopedAdmin):
    list_display = ("name", "code", "level", "parent", "sort_order")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("kecamatan",)

    def get_readonly_fields(self, request, obj=None):
        # A Polsek operator edits its own unit's name and letterhead; its place in the tree
        # (parent, level) is outside its scope, so it is shown, not offered (the parent would
        # not even be among the choices, which are the user's own subtree).
        if obj is not None and not unit_may_move(unit=obj, actor=request.user):
            return (*super().get_readonly_fields(request, obj), "level", "parent")
        return super().get_readonly_fields(request, obj)

    def service_check(self, request, obj, form):
        unit_check_place(unit=obj, actor=request.user)

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj, actor=request.user)

    def delete_model(self, request, obj):
        unit_delete(unit=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for unit in queryset:
            unit_delete(unit=unit, actor=request.user)


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(PublicHoliday)
class PublicHolidayAdmin(ReferenceAdmin):
    list_display = ("date", "name", "kind", "is_estimate")
    list_filter = ("kind", "is_estimate")
    search_fields = ("name",)
    date_hierarchy = "date"


class ReadOnly:
    """The month ladder's record: written only by its pages (monthly/approval.py), so that it
    stays true; the admin reads it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MonthPeriodStepInline(ReadOnly, ScopedTabularInline):
    model = MonthPeriodStep
    fields = (
        "at",
        "action",
        "from_state",
        "to_state",
        "actor_label",
        "comment",
        "overridden_units",
    )
    readonly_fields = fields


@admin.register(MonthPeriod)
class MonthPeriodAdmin(ReadOnly, ScopedAdmin):
    list_display = ("month", "unit", "state", "changed_at", "changed_by")
    list_filter = ("state", "unit")
    list_select_related = ("unit", "changed_by")
    date_hierarchy = "month"
    inlines = (MonthPeriodStepInline,)


@admin.register(MonthPeriodStep)
class MonthPeriodStepAdmin(ReadOnly, ScopedAdmin):
    list_display = ("at", "period", "action", "actor_label", "comment")
    list_filter = ("action",)
    list_select_related = ("period__unit",)
    date_hierarchy = "at"
