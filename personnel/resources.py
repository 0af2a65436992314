"""Officers as the admin's Export writes them: keyed by NRP, the unit by its code."""

from org.models import PoliceUnit
from personnel.models import Officer
from reports.admin_exports import SafeResource, natural_key


class OfficerResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")

    class Meta:
        model = Officer
        import_id_fields = ("nrp",)
        fields = (
            "nrp",
            "name",
            "rank",
            "position",
            "unit",
            "phone",
            "education",
            "dikbangspes_done",
            "is_active",
        )
        export_order = fields
