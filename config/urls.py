"""Sigap URL configuration: each app's pages under its own namespace (README, "Where to find
it"), the home page that suits the user's role, and the login."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("bhabin.urls")),
    path("", include("conflicts.urls")),
    path("", include("dashboard.urls")),
    path("", include("recaps.urls")),
    path("", include("monthly.urls")),
    path("", include("motul.urls")),
    path("", include("optimisation.urls")),
    path("", include("imports.urls")),
    path("", include("jobs.urls")),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch also serves the login page, so it must not require a login itself.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
