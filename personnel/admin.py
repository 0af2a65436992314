"""Admin for officers, training, competencies, other duties and user accounts; all scoped."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from org.admin_scoping import ReferenceAdmin, ScopedAdmin
from personnel.models import (
    CalendarFeed,
    CompetencyAssessment,
    CompetencyRecap,
    Course,
    Officer,
    OtherDuty,
    TrainingRecord,
    User,
)
from personnel.resources import OfficerResource
from reports.admin_exports import ScopedExportMixin

OFFICER_SEARCH = ("officer__nrp", "officer__name")

# Permissions come from the role (personnel.backends.RoleBackend), never from groups.
admin.site.unregister(Group)


@admin.register(Officer)
class OfficerAdmin(ScopedExportMixin, ScopedAdmin):
    resource_classes = (OfficerResource,)
    list_display = (
        "nrp",
        "name",
        "rank",
        "position",
        "unit",
        "education",
        "dikbangspes_done",
        "is_active",
    )
    list_display_links = ("nrp", "name")
    list_filter = ("rank", "unit", "position", "education", "dikbangspes_done", "is_active")
    list_select_related = ("unit",)
    search_fields = ("nrp", "name")


@admin.register(Course)
class CourseAdmin(ReferenceAdmin):
    list_display = ("name", "code", "kind", "hours")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ScopedAdmin):
    list_display = ("officer", "course", "completed_on", "certificate_no")
    list_filter = ("course__kind", "course", "officer__unit")
    list_select_related = ("officer", "course")
    search_fields = (*OFFICER_SEARCH, "certificate_no")
    autocomplete_fields = ("officer",)


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(ScopedAdmin):
    list_display = ("officer", "competency", "assessed_on", "score", "assessor")
    list_filter = ("competency", "score", "officer__unit")
    list_select_related = ("officer",)
    search_fields = (*OFFICER_SEARCH, "assessor")
    autocomplete_fields = ("officer",)
    date_hierarchy = "assessed_on"


@admin.register(OtherDuty)
class OtherDutyAdmin(ScopedAdmin):
    list_display = ("date", "officer", "kind", "hours", "notes")
    list_filter = ("kind", "officer__unit")
    list_select_related = ("officer",)
    search_fields = OFFICER_SEARCH
    autocomplete_fields = ("officer",)
    date_hierarchy = "date"


@admin.register(CompetencyRecap)
class CompetencyRecapAdmin(ScopedAdmin):
    list_display = (
        "unit",
        "as_of",
        "officers",
        "sma",
        "s1",
        "dikbangspes_done",
        "dikbangspes_not_yet",
        "training_done",
        "training_not_yet",
    )
    list_filter = ("as_of", "unit")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "source")


@admin.register(User)
class SigapUserAdmin(ScopedAdmin, UserAdmin):
    """Accounts: a unit and a role decide what a user sees and does, not groups or staff flags."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Unit and role"), {"fields": ("unit", "role", "officer")}),
        (_("Permissions"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Unit and role"), {"fields": ("first_name", "last_name", "unit", "role", "officer")}),
    )
    list_display = ("username", "full_name", "role", "unit", "is_active")
    list_filter = ("role", "unit", "is_active")
    list_select_related = ("unit",)
    search_fields = ("username", "first_name", "last_name", "officer__nrp")
    autocomplete_fields = ("officer",)
    filter_horizontal = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Only a superuser may see, and so reset the password of, another superuser.
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            # Only a superuser may make another superuser.
            permissions = (_("Permissions"), {"fields": ("is_active", "is_superuser")})
            fieldsets = (*fieldsets[:3], permissions, *fieldsets[4:])
        return fieldsets

    @admin.display(description=_("name"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ScopedAdmin):
    """Officers make and revoke their calendar addresses themselves; staff can only revoke."""

    list_display = ("officer", "created_at", "revoked_at")
    list_filter = ("officer__unit",)
    list_select_related = ("officer",)
    search_fields = OFFICER_SEARCH
    fields = ("officer", "created_at", "revoked_at")
    readonly_fields = ("officer", "created_at")

    def has_add_permission(self, request):
        return False
