from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BhabinConfig(AppConfig):
    name = "bhabin"
    verbose_name = _("Bhabinkamtibmas")
