"""Areas, assignments and visits as the admin's Export writes them: areas by their Kemendagri
code, officers by NRP, units and activities by their codes."""

from bhabin.models import Activity, Assignment, AssistedArea, Visit
from org.models import PoliceUnit, Region
from personnel.models import Officer
from reports.admin_exports import SafeResource, natural_key


class AssistedAreaResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")
    region = natural_key("region", Region, "code")

    class Meta:
        model = AssistedArea
        import_id_fields = ("code",)
        fields = (
            "code",
            "name",
            "kind",
            "unit",
            "region",
            "population",
            "households",
            "area_km2",
            "kakerda_level",
            "latitude",
            "longitude",
            "is_active",
        )
        export_order = fields


class AssignmentResource(SafeResource):
    officer = natural_key("officer", Officer, "nrp")
    area = natural_key("area", AssistedArea, "code")

    class Meta:
        model = Assignment
        fields = ("officer", "area", "role", "start_date", "end_date")
        export_order = fields


class VisitResource(SafeResource):
    officer = natural_key("officer", Officer, "nrp")
    area = natural_key("area", AssistedArea, "code")
    activity = natural_key("activity", Activity, "code")

    class Meta:
        model = Visit
        import_id_fields = ("client_id",)
        fields = (
            "client_id",
            "occurred_at",
            "officer",
            "area",
            "activity",
            "status",
            "households_visited",
            "people_met",
            "complaints",
            "narrative",
            "follow_up",
            "follow_up_needed",
            "latitude",
            "longitude",
            "source",
        )
        export_order = fields
