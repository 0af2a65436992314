"""Synonyms as the admin's Export writes them: a Polres's vocabulary, to review or hand on."""

from imports.models import Synonym
from org.models import PoliceUnit
from reports.admin_exports import SafeResource, natural_key


class SynonymResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")

    class Meta:
        model = Synonym
        fields = ("unit", "column", "text", "key", "target", "created_at")
        export_order = fields
