"""The first page after login, suited to the user's role; the page for a refused CSRF token."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from bhabin.views.field_reports import report_form_resend
from bhabin.views.home import officer_home
from dashboard.home import unit_home


def home(request):
    """An officer's day for an officer, the units at a glance for everyone else; a user without
    a unit is told why there is nothing to show."""
    user = request.user
    if user.unit_id is None and not user.is_superuser:
        return render(request, "home.html", {"home_template": None})
    if user.is_officer:
        return officer_home(request)
    return unit_home(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page sent with a token of an earlier session (a new login, a session
    that expired), in our layout and in plain words; nothing was saved.

    An officer's field report sent from this site comes back as the form they filled, with a
    fresh token, so "Send" again sends it. Only from this site: a post from another site shows
    the plain page (and carries no session anyway, the cookie being SameSite=Lax). The outbox asks
    for JSON and gets the reason as JSON.
    """
    message = _("Your session changed, so this page was not accepted. Nothing was saved.")
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse({"error": "csrf", "message": message}, status=403)
    if request.method == "POST" and request.user.is_authenticated and _from_this_site(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match and match.view_name == "bhabin:report-create" and request.user.is_officer:
            return report_form_resend(request, match.kwargs["kind"])
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"message": message, "back": back}, status=403)


def _from_this_site(request):
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"
