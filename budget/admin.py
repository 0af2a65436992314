"""Admin for DIPA budget lines, realisation, the allowance and facilities; all scoped."""

from django.contrib import admin
from django.db.models import BigIntegerField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from budget.models import AllowanceRate, BudgetLine, Facility, FacilityType, Realisation
from budget.resources import BudgetLineResource, FacilityResource
from org.admin_scoping import ReferenceAdmin, ScopedAdmin, ScopedTabularInline
from reports.admin_exports import ScopedExportMixin


def rupiah(amount):
    """Rp1.234.567, the way a DIPA sheet writes it."""
    if amount is None:
        return None
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


class RealisationInline(ScopedTabularInline):
    model = Realisation


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedExportMixin, ScopedAdmin):
    resource_classes = (BudgetLineResource,)
    list_display = (
        "fiscal_year",
        "unit",
        "code",
        "name",
        "pagu_display",
        "revised_pagu_display",
        "realised_display",
        "remainder_display",
    )
    list_display_links = ("code", "name")
    list_filter = ("fiscal_year", "unit")
    list_select_related = ("unit",)
    search_fields = ("code", "name", "description")
    inlines = (RealisationInline,)

    def get_queryset(self, request):
        amount = BigIntegerField()
        realised = Coalesce(Sum("realisations__amount"), Value(0), output_field=amount)
        # The remainder is derived in the query, never stored: effective pagu minus realisation.
        return (
            super()
            .get_queryset(request)
            .annotate(realised=realised)
            .annotate(
                remainder=Coalesce("revised_pagu", "pagu", output_field=amount) - F("realised")
            )
        )

    @admin.display(description=_("pagu"), ordering="pagu")
    def pagu_display(self, obj):
        return rupiah(obj.pagu)

    @admin.display(description=_("revised pagu"), ordering="revised_pagu")
    def revised_pagu_display(self, obj):
        return rupiah(obj.revised_pagu)

    @admin.display(description=_("realised"), ordering="realised")
    def realised_display(self, obj):
        return rupiah(obj.realised)

    @admin.display(description=_("remainder"), ordering="remainder")
    def remainder_display(self, obj):
        return rupiah(obj.remainder)


@admin.register(Realisation)
class RealisationAdmin(ScopedAdmin):
    list_display = ("line", "month", "amount")
    list_filter = ("line__fiscal_year", "line__unit", "month")
    list_select_related = ("line",)
    search_fields = ("line__code", "line__name")


@admin.register(AllowanceRate)
class AllowanceRateAdmin(ReferenceAdmin):
    list_display = ("valid_from", "monthly_amount")


@admin.register(FacilityType)
class FacilityTypeAdmin(ReferenceAdmin):
    list_display = ("sort_order", "name", "code", "one_per_officer")
    list_display_links = ("name",)
    search_fields = ("code", "name")


@admin.register(Facility)
class FacilityAdmin(ScopedExportMixin, ScopedAdmin):
    resource_classes = (FacilityResource,)
    list_display = ("facility_type", "unit", "condition", "quantity", "officer", "serial_number")
    list_filter = ("facility_type", "condition", "unit")
    list_select_related = ("facility_type", "unit", "officer")
    search_fields = ("serial_number", "facility_type__name", "officer__name", "officer__nrp")
    autocomplete_fields = ("officer",)
