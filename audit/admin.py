"""The access log in the admin (read-only), and the hook that fills it from admin pages."""

from functools import partial

from django.contrib import admin
from django.core.paginator import Paginator

from audit.models import AccessLog
from audit.services import access_log_record


class PageLogged(Paginator):
    """A paginator that hands the objects of each page it gives to `shown(objects)`.

    The page's objects are fetched once, here, and the page keeps that list, so whoever renders
    them (the autocomplete's JSON) reads exactly what was recorded, without a second query.
    """

    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown

    def _get_page(self, object_list, *args, **kwargs):
        object_list = list(object_list)
        self.shown(object_list)
        return super()._get_page(object_list, *args, **kwargs)


class PeopleReadLogged:
    """Records who opened an admin page or lookup that shows people involved.

    A model admin names the people a page shows with `people_shown(request, objects)`. The pages
    recorded are the list, the change page, the delete confirmation (one object, or the "delete
    selected" action's), the history and the autocomplete lookup that other forms' pickers call.
    `log_list_reads = False` says the objects' own names show no one (an incident's list, the
    incidents an autocomplete offers, the heading of its delete page): there only the pages
    that show their related rows (the change page's inline, the delete page's list of what goes
    with it, the history's change messages) are recorded.
    """

    log_list_reads = True

    def people_shown(self, request, objects):
        raise NotImplementedError

    def record_reading(self, request, objects, via):
        access_log_record(
            user=request.user,
            person_ids=self.people_shown(request, objects),
            via=via,
            path=request.path,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if self.log_list_reads and changelist is not None:
            self.record_reading(request, changelist.result_list, AccessLog.Via.ADMIN_LIST)
        elif "deletable_objects" in context and self.lists_deleted_rows(context):
            # The confirmation page of the "delete selected" action, which names the selected
            # objects only where it lists them with everything deleted along.
            self.record_reading(request, context["queryset"], AccessLog.Via.ADMIN_DELETE)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            self.record_reading(request, [original], AccessLog.Via.ADMIN_PAGE)
        return response

    @staticmethod
    def lists_deleted_rows(context):
        """Whether a delete confirmation lists the rows deleted along (an incident's involvements).

        It lists instead the kinds of rows the user may not delete, or the rows protecting it.
        """
        return not context["perms_lacking"] and not context["protected"]

    def render_delete_form(self, request, context):
        # Called only to show the page (a GET, or a POST the deletion refused), never on delete.
        if self.log_list_reads or self.lists_deleted_rows(context):
            self.record_reading(request, [context["object"]], AccessLog.Via.ADMIN_DELETE)
        return super().render_delete_form(request, context)

    def history_view(self, request, object_id, extra_context=None):
        # The history names the object and, in its change messages, the inline rows changed with
        # it: the people recorded are those the object shows now.
        response = super().history_view(request, object_id, extra_context)
        obj = getattr(response, "context_data", {}).get("object")
        if obj is not None:
            self.record_reading(request, [obj], AccessLog.Via.ADMIN_HISTORY)
        return response

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The autocomplete view (after its permission check) pages this admin's search results
        # through here and returns that one page as JSON: record the people on it. (PageLogged is
        # Django's Paginator; an admin with a `paginator` of its own would need it to log too.)
        match = request.resolver_match
        autocomplete = f"{self.admin_site.name}:autocomplete"
        if not self.log_list_reads or match is None or match.view_name != autocomplete:
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        shown = partial(self.record_reading, request, via=AccessLog.Via.ADMIN_AUTOCOMPLETE)
        return PageLogged(queryset, per_page, orphans, allow_empty_first_page, shown=shown)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("when", "username", "model", "object_id", "via", "path")
    list_filter = ("via", "model")
    search_fields = ("username", "object_id")
    date_hierarchy = "when"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
