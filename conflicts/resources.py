"""Incidents as the admin's Export writes them: by reference, with codes for unit, area and
category. People involved are never in this file (their names are read only where the access
log records it)."""

from conflicts.models import ConflictCategory, Incident
from org.models import PoliceUnit
from personnel.models import Officer
from reports.admin_exports import SafeResource, natural_key


class IncidentResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")
    # The area's model through the relation: bhabin (same floor) already imports conflicts.
    area = natural_key("area", Incident._meta.get_field("area").related_model, "code")
    category = natural_key("category", ConflictCategory, "code")
    handling_officer = natural_key("handling_officer", Officer, "nrp")

    class Meta:
        model = Incident
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "unit",
            "occurred_on",
            "date_precision",
            "occurred_time",
            "area",
            "place",
            "category",
            "modus_operandi",
            "deaths",
            "injuries",
            "handling",
            "outcome",
            "handling_officer",
            "handling_officer_text",
            "source",
        )
        export_order = fields
