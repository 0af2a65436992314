"""Admin for MOTUL steps and plans; all scoped."""

from django.contrib import admin

from motul.models import MotulPlan, MotulPlanStep, MotulStep
from org.admin_scoping import ReferenceAdmin, ScopedAdmin, ScopedTabularInline


@admin.register(MotulStep)
class MotulStepAdmin(ReferenceAdmin):
    list_display = ("number", "name")
    list_display_links = ("name",)
    search_fields = ("name",)


class MotulPlanStepInline(ScopedTabularInline):
    model = MotulPlanStep


@admin.register(MotulPlan)
class MotulPlanAdmin(ScopedAdmin):
    list_display = ("planned_on", "title", "unit", "created_by")
    list_filter = ("unit",)
    list_select_related = ("unit", "created_by")
    search_fields = ("title", "objective")
    autocomplete_fields = ("areas",)
    readonly_fields = ("created_by", "created_at")
    date_hierarchy = "planned_on"
    inlines = (MotulPlanStepInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MotulPlanStep)
class MotulPlanStepAdmin(ScopedAdmin):
    list_display = ("plan", "step")
    list_filter = ("step", "plan__unit")
    list_select_related = ("plan", "step")
    search_fields = ("plan__title", "content")
