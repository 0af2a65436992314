from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotulConfig(AppConfig):
    name = "motul"
    verbose_name = _("MOTUL plans")
