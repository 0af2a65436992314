"""Forms for planning visit schedules; every choice comes from the user's scope and the unit."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bhabin.models import Activity, AssistedArea, VisitSchedule
from bhabin.schedules import schedule_entry_check
from personnel.models import Officer


class ScheduleEntryForm(forms.ModelForm):
    """Add or move one scheduled visit of a unit: only the unit's own officers and areas."""

    class Meta:
        model = VisitSchedule
        fields = ["planned_on", "officer", "area", "activity", "note"]
        widgets = {"planned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.visible_to(user).filter(
            unit=unit, is_active=True
        )
        self.fields["area"].queryset = AssistedArea.objects.visible_to(user).filter(
            unit=unit, is_active=True
        )
        self.fields["activity"].queryset = Activity.objects.visible_to(user).filter(is_active=True)
        self.fields["activity"].required = False

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            schedule_entry_check(entry=self.instance)
        except ValidationError as error:
            self.add_error(None, error)


class PlanMonthForm(forms.Form):
    """Generate a month's plan with the simple Kakerda rule."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    replace = forms.BooleanField(
        label=_("Replace the month's existing plan"),
        required=False,
        help_text=_("Deletes every visit already scheduled for this unit in that month."),
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if not datetime.date(2000, 1, 1) <= month <= datetime.date(2100, 12, 1):
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return month.replace(day=1)
