"""Facilities and DIPA lines as the admin's Export writes them, by unit code."""

from budget.models import BudgetLine, Facility, FacilityType
from org.models import PoliceUnit
from personnel.models import Officer
from reports.admin_exports import SafeResource, natural_key


class FacilityResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")
    facility_type = natural_key("facility_type", FacilityType, "code")
    officer = natural_key("officer", Officer, "nrp")

    class Meta:
        model = Facility
        fields = ("unit", "facility_type", "condition", "quantity", "officer", "serial_number")
        export_order = fields


class BudgetLineResource(SafeResource):
    unit = natural_key("unit", PoliceUnit, "code")

    class Meta:
        model = BudgetLine
        fields = ("unit", "fiscal_year", "code", "name", "description", "pagu", "revised_pagu")
        export_order = fields
