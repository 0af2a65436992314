"""Admin configuration: the project's admin site replaces the default one."""

from django.contrib.admin.apps import AdminConfig


class SigapAdminConfig(AdminConfig):
    default_site = "config.admin.SigapAdminSite"
