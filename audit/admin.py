"""The access log in the admin (read-only), and the hook that fills it from admin pages."""

from django.contrib import admin

from audit.models import AccessLog
from audit.services import access_log_record


class PeopleReadLogged:
    """Records who opened an admin list or change page that shows people involved.

    A model admin names the people a page shows with `people_shown(request, objects)`; a list of
    incidents shows none, so `log_list_reads = False` there.
    """

    log_list_reads = True

    def people_shown(self, request, objects):
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if self.log_list_reads and changelist is not None:
            access_log_record(
                user=request.user,
                person_ids=self.people_shown(request, changelist.result_list),
                via=AccessLog.Via.ADMIN_LIST,
                path=request.path,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            access_log_record(
                user=request.user,
                person_ids=self.people_shown(request, [original]),
                via=AccessLog.Via.ADMIN_PAGE,
                path=request.path,
            )
        return response


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
