"""The admin site, opened by role rather than by the is_staff flag."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from org.roles import may_use_admin


class SigapAdminSite(admin.AdminSite):
    site_header = _("Sigap - raw data")
    site_title = _("Sigap admin")
    index_title = _("Data administration")

    def has_permission(self, request):
        return may_use_admin(request.user)

    def login(self, request, extra_context=None):
        # One login page for the whole product; a signed-in user without admin rights gets 403.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())

    def get_urls(self):
        # Django's "view on site" shortcut (/admin/r/<type>/<id>/) looks the object up in the
        # whole table: it confirmed that any row exists and gave away every unit's code. Ours
        # goes through the model's admin, hence its scoped queryset: out of scope is a 404.
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        shortcut = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [shortcut, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        if not content_type_id.isascii() or not content_type_id.isdigit():
            raise Http404
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, OverflowError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        obj = model_admin.get_object(request, object_id)  # the scoped admins 404 out of scope
        if obj is None or not hasattr(obj, "get_absolute_url"):
            raise Http404
        return redirect(obj.get_absolute_url())
