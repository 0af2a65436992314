from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptimisationConfig(AppConfig):
    name = "optimisation"
    verbose_name = _("Optimisation")
