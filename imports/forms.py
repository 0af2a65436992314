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
    mode = forms.ChoiceField(
        label=_("If some rows have errors"),
        choices=[
            ("all", _("import nothing (all or nothing)")),
            ("valid_rows", _("import the valid rows, set the rest aside")),
        ],
        initial="all",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Either way you can download the rows with errors as a workbook to correct."),
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
        if data.get("mode") == "valid_rows":
            options["mode"] = "valid_rows"
        return options


REJECT = "__reject__"


class MappingForm(forms.Form):
    """The mapping step: a dropdown per distinct unknown value, its proposal chosen first; the
    units and areas offered are those of the importing `unit` and below it."""

    def __init__(self, unknowns, *args, unit=None, **kwargs):
        from imports.synonyms import choices

        super().__init__(*args, **kwargs)
        self.values = []  # (field name, column, value as written, count, rows)
        by_column = {}
        for column, values in sorted(unknowns.items()):
            options = by_column.setdefault(column, choices(column, unit))
            ordered = sorted(values.items(), key=lambda item: (-item[1]["count"], item[0]))
            for text, entry in ordered:
                name = f"v{len(self.values)}"
                self.fields[name] = forms.ChoiceField(
                    label=text,
                    required=False,
                    choices=[
                        ("", _("— leave unknown —")),
                        (REJECT, _("Reject these rows")),
                        *options,
                    ],
                    initial=entry.get("proposal") or "",
                )
                self.values.append((name, column, text, entry["count"], entry.get("rows", [])))

    def rows(self):
        """(bound field, column, value, count, rows) per value, for the template."""
        return [
            (self[name], column, text, count, rows)
            for name, column, text, count, rows in self.values
        ]

    def choices_made(self):
        """(column, value) -> code, or "" for rejected rows; values left unknown are absent."""
        made = {}
        for name, column, text, _count, _rows in self.values:
            chosen = self.cleaned_data.get(name)
            if chosen:
                made[(column, text)] = "" if chosen == REJECT else chosen
        return made


class RowFilterForm(forms.Form):
    """Which row outcomes the preview shows."""

    status = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("", _("All rows")), *STATUS_LABELS.items()],
    )
