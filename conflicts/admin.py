"""Admin for conflict incidents, the people involved and reported yearly counts; all scoped."""

import json

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin import PeopleReadLogged
from conflicts.models import (
    ConflictCategory,
    Incident,
    InvolvedPerson,
    Involvement,
    YearlyConflictCount,
)
from conflicts.resources import IncidentResource
from conflicts.services import incident_check_open, incident_save, incidents_delete
from org.admin_scoping import (
    MonthLockedAdmin,
    ReferenceAdmin,
    ScopedAdmin,
    ScopedTabularInline,
    ValidatedByService,
)
from org.roles import may_see_people_involved
from reports.admin_exports import ScopedExportMixin


class PeopleInvolvedPermissions:
    """Hides the names of people involved from roles the queryset rule already denies them to.

    Without this an operator would see empty lists and forms where they could pick nobody; with it
    the pages and inlines are simply absent for them.
    """

    def has_view_permission(self, request, obj=None):
        return may_see_people_involved(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return may_see_people_involved(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return may_see_people_involved(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_see_people_involved(request.user) and super().has_delete_permission(request, obj)


@admin.register(ConflictCategory)
class ConflictCategoryAdmin(ReferenceAdmin):
    list_display = ("sort_order", "name", "code")
    list_display_links = ("name",)
    search_fields = ("code", "name")


def without_related_names(entry):
    """An admin log entry whose change message keeps what was done to related rows (an
    involvement added, changed, deleted) but not their names, which name people involved."""
    try:
        message = json.loads(entry.change_message)
    except ValueError:
        return entry
    if isinstance(message, list):
        for item in message:
            for action in ("added", "changed", "deleted"):
                done = item.get(action) if isinstance(item, dict) else None
                if isinstance(done, dict) and "object" in done:
                    done["object"] = "…"
        entry.change_message = json.dumps(message)  # shown only, never saved
    return entry


class InvolvementInline(PeopleInvolvedPermissions, ScopedTabularInline):
    model = Involvement
    autocomplete_fields = ("person",)


@admin.register(Incident)
class IncidentAdmin(
    ScopedExportMixin, MonthLockedAdmin, ValidatedByService, PeopleReadLogged, ScopedAdmin
):
    resource_classes = (IncidentResource,)
    list_display = (
        "occurred_on",
        "unit",
        "place",
        "category",
        "injuries",
        "deaths",
        "handling",
        "outcome",
    )
    list_display_links = ("occurred_on", "place")
    list_filter = ("category", "handling", "outcome", "unit", "date_precision")
    list_select_related = ("unit", "category")
    search_fields = ("reference", "place", "side_a", "side_b", "modus_operandi")
    autocomplete_fields = ("area", "handling_officer")
    date_hierarchy = "occurred_on"
    inlines = (InvolvementInline,)
    # The list shows no one; a change page shows the people of its incident (the inline).
    log_list_reads = False

    def history_view(self, request, object_id, extra_context=None):
        # The change messages name the people involved (the inline's rows): a user who may not
        # see them reads what was done, not to whom.
        response = super().history_view(request, object_id, extra_context)
        if not may_see_people_involved(request.user) and hasattr(response, "context_data"):
            page = response.context_data["action_list"]
            page.object_list = [without_related_names(entry) for entry in page.object_list]
        return response

    def people_shown(self, request, objects):
        return (
            Involvement.objects.visible_to(request.user)
            .filter(incident__in=objects)
            .values_list("person_id", flat=True)
        )

    def month_key(self, obj):
        return (obj.unit_id, obj.occurred_on)

    def service_check(self, request, obj, form):
        incident_check_open(incident=obj)

    # Written through conflicts.services, which keeps the incidents per unit and month the
    # dashboards read, as the importer does.
    def save_model(self, request, obj, form, change):
        incident_save(incident=obj, actor=request.user)

    def delete_model(self, request, obj):
        incidents_delete(incidents=Incident.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset):
        incidents_delete(incidents=queryset, actor=request.user)


SHARED_PERSON_MESSAGE = _(
    "This person is also involved in incidents outside your area: their identity can be changed "
    "or deleted only by the unit above all of their incidents. The involvements in your incidents "
    "can still be changed below."
)


class RecidivistFilter(admin.SimpleListFilter):
    title = _("recidivist")
    parameter_name = "recidivist"

    def lookups(self, request, model_admin):
        return [("yes", _("Involved in more than one incident")), ("no", _("Involved once"))]

    def queryset(self, request, queryset):
        # incident_count is annotated by InvolvedPersonAdmin.get_queryset.
        if self.value() == "yes":
            return queryset.filter(incident_count__gt=1)
        if self.value() == "no":
            return queryset.filter(incident_count__lte=1)
        return queryset


class PersonInvolvementInline(PeopleInvolvedPermissions, ScopedTabularInline):
    model = Involvement
    autocomplete_fields = ("incident",)
    verbose_name_plural = _("involvements in incidents")


@admin.register(InvolvedPerson)
class InvolvedPersonAdmin(PeopleReadLogged, PeopleInvolvedPermissions, ScopedAdmin):
    list_display = ("name", "nik", "birth_date", "incident_count", "retain_until")
    list_filter = (RecidivistFilter,)
    search_fields = ("name", "nik")
    # Explicit, as the incident count's GROUP BY drops the model's ordering: the autocomplete
    # pages this queryset, and its pages (and the people logged on them) must not overlap.
    ordering = ("name", "pk")
    inlines = (PersonInvolvementInline,)

    # A person's own fields: who they are, and how long the record is kept (the retention purge
    # deletes every involvement with it).
    person_fields = ("name", "nik", "birth_date", "address", "notes", "retain_until")

    def get_queryset(self, request):
        return super().get_queryset(request).with_incident_count()

    # A person involved in incidents of units outside the user's scope is shared with them: the
    # user edits their own involvements (the inline) but not the person, and deletes nothing.
    # Deleting only the involvements in scope instead would leave the record the user believed
    # deleted, under the name of a delete; the inline already removes an involvement by name.
    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_shared_beyond(request.user):
            return fields + self.person_fields
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        person = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and person and person.is_shared_beyond(request.user):
            messages.warning(request, gettext(SHARED_PERSON_MESSAGE))
        return response

    def history_view(self, request, object_id, extra_context=None):
        # The change messages name the involvements changed through the inline, and an
        # involvement's name is its incident's, which may be another unit's (then or since): the
        # page says what was done, not to which involvement, to anyone but a superuser.
        response = super().history_view(request, object_id, extra_context)
        if not request.user.is_superuser and hasattr(response, "context_data"):
            page = response.context_data["action_list"]
            page.object_list = [without_related_names(entry) for entry in page.object_list]
        return response

    def get_deleted_objects(self, objs, request):
        # Django's confirmation lists every involvement the delete would cascade to, the other
        # units' incidents included; a shared person is refused before any of them is collected.
        people = InvolvedPerson.objects.filter(pk__in=[obj.pk for obj in objs])
        if people.shared_beyond(request.user).exists():
            return [], {}, {gettext("involvements in incidents outside your area")}, []
        return super().get_deleted_objects(objs, request)

    @admin.display(description=_("incidents"), ordering="incident_count")
    def incident_count(self, obj):
        return obj.incident_count

    def people_shown(self, request, objects):
        return [person.pk for person in objects]


@admin.register(Involvement)
class InvolvementAdmin(PeopleReadLogged, PeopleInvolvedPermissions, ScopedAdmin):
    list_display = ("person", "role", "incident")
    list_filter = ("role", "incident__unit")
    list_select_related = ("person", "incident", "incident__category")
    search_fields = ("person__name", "person__nik", "incident__reference", "incident__place")
    autocomplete_fields = ("incident", "person")

    def people_shown(self, request, objects):
        return [involvement.person_id for involvement in objects]


@admin.register(YearlyConflictCount)
class YearlyConflictCountAdmin(ScopedAdmin):
    list_display = ("unit", "year", "count", "source")
    list_filter = ("year", "unit")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "source")
