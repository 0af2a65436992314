"""The admin site, opened by role rather than by the is_staff flag."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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
