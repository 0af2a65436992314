"""Admin for units, regions, assisted areas, field work and MOTUL plans; all scoped."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from bhabin.admin_scoping import ReferenceAdmin, ScopedAdmin, ScopedTabularInline
from bhabin.models import (
    Activity,
    Assignment,
    AssistedArea,
    CommunityFigure,
    EarlyWarning,
    MotulPlan,
    MotulPlanStep,
    MotulStep,
    PoliceUnit,
    ProblemCase,
    Region,
    ReviewEvent,
    SecurityPost,
    StrengthRecap,
    Visit,
    VisitSchedule,
)
from personnel.models import Rank
from reports.admin import KeepsAggregates
from reports.aggregates import visits_changed

OFFICER_SEARCH = ("officer__nrp", "officer__name")


@admin.register(PoliceUnit)
class PoliceUnitAdmin(ScopedAdmin):
    list_display = ("name", "code", "level", "parent", "sort_order")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("kecamatan",)


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(AssistedArea)
class AssistedAreaAdmin(ScopedAdmin):
    list_display = (
        "name",
        "code",
        "kind",
        "unit",
        "population",
        "kakerda_level",
        "primary_officer",
    )
    list_filter = ("kind", "kakerda_level", "unit", "is_active")
    list_select_related = ("unit",)
    search_fields = ("code", "name")
    autocomplete_fields = ("region",)

    def get_queryset(self, request):
        primary = (
            Assignment.objects.active()
            .filter(area=OuterRef("pk"), role=Assignment.Role.PRIMARY)
            .order_by("-start_date")
        )
        # Two scalar subqueries keep the list to one query however many areas it shows.
        return (
            super()
            .get_queryset(request)
            .annotate(
                primary_officer_rank=Subquery(primary.values("officer__rank")[:1]),
                primary_officer_name=Subquery(primary.values("officer__name")[:1]),
            )
        )

    @admin.display(description=_("active primary officer"), ordering="primary_officer_name")
    def primary_officer(self, obj):
        if not obj.primary_officer_name:
            return None
        return f"{Rank(obj.primary_officer_rank).label} {obj.primary_officer_name}"


@admin.register(StrengthRecap)
class StrengthRecapAdmin(ScopedAdmin):
    list_display = ("unit", "areas", "officers", "note", "source")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "note", "source")


@admin.register(CommunityFigure)
class CommunityFigureAdmin(ScopedAdmin):
    list_display = ("name", "role", "area", "phone")
    list_filter = ("role", "area__unit")
    list_select_related = ("area",)
    search_fields = ("name", "area__name")
    autocomplete_fields = ("area",)


@admin.register(SecurityPost)
class SecurityPostAdmin(ScopedAdmin):
    list_display = ("name", "area", "address", "is_active")
    list_filter = ("is_active", "area__unit")
    list_select_related = ("area",)
    search_fields = ("name", "address", "area__name")
    autocomplete_fields = ("area",)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ("officer", "area", "role", "start_date", "end_date")
    list_filter = ("role", "area__unit")
    list_select_related = ("officer", "area")
    search_fields = (*OFFICER_SEARCH, "area__name", "area__code")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "start_date"


@admin.register(Activity)
class ActivityAdmin(ReferenceAdmin):
    list_display = ("sort_order", "name", "code", "is_active")
    list_display_links = ("name",)
    list_filter = ("is_active",)
    search_fields = ("code", "name")


@admin.register(Visit)
class VisitAdmin(KeepsAggregates, ScopedAdmin):
    list_display = ("occurred_at", "officer", "area", "activity", "households_visited", "status")
    list_filter = ("status", "activity", "area__unit", "follow_up_needed", "source")
    list_select_related = ("officer", "area", "activity")
    search_fields = (*OFFICER_SEARCH, "area__name", "narrative")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "occurred_at"
    readonly_fields = ("client_id", "created_at")

    def get_changeform_initial_data(self, request):
        return {"source": Visit.Source.ADMIN, **super().get_changeform_initial_data(request)}

    # The dashboards read the monthly aggregates: recount the (area, month) a visit leaves and
    # the one it lands in, as the form and the importer do.
    aggregate_key_fields = ("area_id", "occurred_at")

    def aggregates_changed(self, keys):
        visits_changed(area_month_pairs=keys)


@admin.register(EarlyWarning)
class EarlyWarningAdmin(ScopedAdmin):
    list_display = ("reported_at", "officer", "area", "field", "reliability", "state", "status")
    list_filter = ("state", "status", "field", "reliability", "area__unit")
    list_select_related = ("officer", "area")
    search_fields = (*OFFICER_SEARCH, "area__name", "summary")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "reported_at"


@admin.register(ProblemCase)
class ProblemCaseAdmin(ScopedAdmin):
    list_display = ("opened_on", "title", "officer", "area", "method", "state", "status")
    list_filter = ("state", "status", "method", "area__unit")
    list_select_related = ("officer", "area")
    search_fields = ("title", *OFFICER_SEARCH, "area__name", "parties")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "opened_on"


@admin.register(ReviewEvent)
class ReviewEventAdmin(ScopedAdmin):
    """The review history, as the review pages wrote it: read-only, so it stays a true record."""

    list_display = ("at", "action", "actor", "visit", "early_warning", "problem_case")
    list_filter = ("action",)
    list_select_related = ("actor", "visit", "early_warning", "problem_case")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitSchedule)
class VisitScheduleAdmin(ScopedAdmin):
    list_display = ("planned_on", "officer", "area", "activity", "note")
    list_filter = ("activity", "area__unit")
    list_select_related = ("officer", "area", "activity")
    search_fields = (*OFFICER_SEARCH, "area__name")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "planned_on"


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
