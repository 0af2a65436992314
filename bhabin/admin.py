"""Admin for assisted areas, assignments and field work; all scoped. Field reports and
assignments are written through bhabin.services, so the officer's rules, the review history
and the dashboards' aggregates hold for an edit made here too."""

from django.contrib import admin
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from bhabin.models import (
    Activity,
    Assignment,
    AssistedArea,
    CommunityFigure,
    EarlyWarning,
    ProblemCase,
    ReviewEvent,
    SecurityPost,
    StrengthRecap,
    Visit,
    VisitSchedule,
)
from bhabin.resources import AssignmentResource, AssistedAreaResource, VisitResource
from bhabin.schedules import schedule_entries_delete, schedule_entry_check, schedule_entry_save
from bhabin.services import (
    assignment_save,
    field_report_staff_check,
    field_report_staff_save,
    field_reports_delete,
)
from org.admin_scoping import MonthLockedAdmin, ReferenceAdmin, ScopedAdmin, ValidatedByService
from personnel.models import Rank
from reports.admin_exports import ScopedExportMixin

OFFICER_SEARCH = ("officer__nrp", "officer__name")


@admin.register(AssistedArea)
class AssistedAreaAdmin(ScopedExportMixin, ScopedAdmin):
    resource_classes = (AssistedAreaResource,)
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
        primary = Assignment.objects.primary_of()
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
class AssignmentAdmin(ScopedExportMixin, ScopedAdmin):
    resource_classes = (AssignmentResource,)
    list_display = ("officer", "area", "role", "start_date", "end_date")
    list_filter = ("role", "area__unit")
    list_select_related = ("officer", "area")
    search_fields = (*OFFICER_SEARCH, "area__name", "area__code")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        assignment_save(assignment=obj, actor=request.user)


@admin.register(Activity)
class ActivityAdmin(ReferenceAdmin):
    list_display = ("sort_order", "name", "code", "is_active")
    list_display_links = ("name",)
    list_filter = ("is_active",)
    search_fields = ("code", "name")


class FieldReportAdmin(MonthLockedAdmin, ValidatedByService, ScopedAdmin):
    """A field report written by staff goes through the same service as the officer's form;
    one of a locked month is read-only."""

    def month_key(self, obj):
        return (obj.area.unit_id, getattr(obj, obj.date_field))

    def service_check(self, request, obj, form):
        field_report_staff_check(item=obj, community_figures=self._figures(form))

    def save_model(self, request, obj, form, change):
        field_report_staff_save(item=obj, actor=request.user, community_figures=self._figures(form))

    @staticmethod
    def _figures(form):
        """The community figures the form chose (visits only); None keeps those stored."""
        if form is None or "community_figures" not in form.cleaned_data:
            return None
        return form.cleaned_data["community_figures"]

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many fields; the form must not set them again.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        field_reports_delete(items=self.model.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset):
        field_reports_delete(items=queryset, actor=request.user)


@admin.register(Visit)
class VisitAdmin(ScopedExportMixin, FieldReportAdmin):
    resource_classes = (VisitResource,)
    list_display = ("occurred_at", "officer", "area", "activity", "households_visited", "status")
    list_filter = ("status", "activity", "area__unit", "follow_up_needed", "source")
    list_select_related = ("officer", "area", "activity")
    search_fields = (*OFFICER_SEARCH, "area__name", "narrative")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "occurred_at"
    readonly_fields = ("client_id", "source", "created_at")


@admin.register(EarlyWarning)
class EarlyWarningAdmin(FieldReportAdmin):
    list_display = ("reported_at", "officer", "area", "field", "reliability", "state", "status")
    list_filter = ("state", "status", "field", "reliability", "area__unit")
    list_select_related = ("officer", "area")
    search_fields = (*OFFICER_SEARCH, "area__name", "summary")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "reported_at"


@admin.register(ProblemCase)
class ProblemCaseAdmin(FieldReportAdmin):
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
class VisitScheduleAdmin(MonthLockedAdmin, ValidatedByService, ScopedAdmin):
    list_display = ("planned_on", "officer", "area", "activity", "note")
    list_filter = ("activity", "area__unit")
    list_select_related = ("officer", "area", "activity")
    search_fields = (*OFFICER_SEARCH, "area__name")
    autocomplete_fields = ("officer", "area")
    date_hierarchy = "planned_on"

    def month_key(self, obj):
        return (obj.area.unit_id, obj.planned_on)

    def service_check(self, request, obj, form):
        schedule_entry_check(entry=obj)

    def save_model(self, request, obj, form, change):
        schedule_entry_save(entry=obj)

    def delete_model(self, request, obj):
        schedule_entries_delete(entries=VisitSchedule.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        schedule_entries_delete(entries=queryset)
