"""The first page after login, suited to the user's role."""

from django.shortcuts import render

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
