"""Sigap URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("reports.urls")),
    path("", include("reports.urls_optimisation")),
    path("", include("bhabin.urls")),
    path("", include("bhabin.urls_schedule")),
    path("", include("personnel.urls")),
    path("", include("conflicts.urls")),
    path("", include("imports.urls")),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch also serves the login page, so it must not require a login itself.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
