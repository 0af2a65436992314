"""The upload form of the import flow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.base import STATUS_LABELS
from imports.kinds import kind_choices


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of data"), choices=kind_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("xlsx, xls, ods or csv, as the Polres sends it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        help_text=_("The date the figures hold for (optional)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("For yearly data such as DIPA or conflict counts (optional)."),
    )

    def options(self):
        """The importer options, as the import_sheet command builds them."""
        data = self.cleaned_data
        options = {"source": data["file"].name}
        if data.get("as_of"):
            options["as_of"] = data["as_of"].isoformat()
        if data.get("year"):
            options["year"] = data["year"]
        return options


class RowFilterForm(forms.Form):
    """Which row outcomes the preview shows."""

    status = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("", _("All rows")), *STATUS_LABELS.items()],
    )
