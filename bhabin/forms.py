"""Forms of the officer's field work and of its review.

The forms read and check input; the rules that need the database (own areas, dates against the
assignment, copied narratives, one report per client id) live in bhabin/services.py. The forms
are ModelForms only to reuse the models' labels: they are never saved, their cleaned data go to
the services.
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from bhabin.models import (
    Activity,
    Assignment,
    AssistedArea,
    CommunityFigure,
    EarlyWarning,
    ProblemCase,
    ReviewEvent,
    Visit,
)
from bhabin.photos import photo_reencode
from bhabin.services import EARLY_WARNING_FIELDS, NARRATIVE_MIN_CHARS, PROBLEM_CASE_FIELDS

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
POSITION_FIELDS = ("latitude", "longitude", "accuracy_m")


def own_areas(user):
    """The areas of the officer's current assignments: the only ones they may report on."""
    assignments = Assignment.objects.visible_to(user).active().filter(officer_id=user.officer_id)
    return AssistedArea.objects.visible_to(user).filter(pk__in=assignments.values("area"))


def _choices_once(field):
    """Load a select's choices in one query; the widget would otherwise read them twice, and a
    LoadedChoiceField finds the submitted one among them instead of fetching it again."""
    loaded = list(field.queryset)
    field.choices = choices = [(obj.pk, field.label_from_instance(obj)) for obj in loaded]
    field.loaded = {str(obj.pk): obj for obj in loaded}
    return choices


class LoadedChoiceField(forms.ModelChoiceField):
    """A select whose submitted value is one of the objects `_choices_once` loaded: the same
    answer as the queryset's `get()`, without a second query."""

    loaded = None

    def to_python(self, value):
        if self.loaded is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        found = self.loaded.get(str(getattr(value, "pk", value)))
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FieldReportForm(forms.ModelForm):
    """What every field report has: its client id and one of the officer's own areas."""

    # Rendered by the server, so a phone without JavaScript sends one too; a resubmission of the
    # same page sends the same id, and the service stores the report once.
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, user, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = own_areas(user).order_by("name")
        # An area no longer the officer's (reassigned while a report waited on the phone) is
        # refused in the words of the rule, not as an "invalid choice".
        self.fields["area"].error_messages["invalid_choice"] = _(
            "You can only report on the areas you are assigned to."
        )
        areas = _choices_once(self.fields["area"])
        if correcting:
            del self.fields["client_id"]
        elif not self.is_bound:
            if areas:
                self.initial.setdefault("area", areas[0][0])
            # A form kept on the phone was rendered earlier: outbox.js sets these to the time the
            # officer opens it.
            for name in ("occurred_at", "reported_at", "opened_on"):
                if name in self.fields:
                    self.fields[name].widget.attrs["data-now"] = ""

    def _post_clean(self):
        """The form is never saved: its service validates the model once (its fields, foreign
        keys and constraints), so the ModelForm's own pass would only repeat those queries."""


class VisitForm(FieldReportForm):
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP. Location data in the photo is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Visit
        field_classes = {"area": LoadedChoiceField, "activity": LoadedChoiceField}
        fields = [
            "area",
            "activity",
            "occurred_at",
            "households_visited",
            "people_met",
            "community_figures",
            "complaints",
            "narrative",
            "follow_up_needed",
            "follow_up",
            "latitude",
            "longitude",
            "accuracy_m",
        ]
        labels = {"households_visited": _("Households visited (stickers left)")}
        help_texts = {
            # Interpolated when shown, not at import: the reader's language, not the server's.
            "narrative": lazy(
                lambda: (
                    _(
                        "What you did, where and with whom, in your own words (at least %(min)d "
                        "characters)."
                    )
                    % {"min": NARRATIVE_MIN_CHARS}
                ),
                str,
            )(),
        }
        widgets = {
            "occurred_at": LocalDateTimeInput(),
            "households_visited": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "people_met": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "community_figures": forms.CheckboxSelectMultiple,
            "complaints": forms.Textarea(attrs={"rows": 3}),
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
            "accuracy_m": forms.HiddenInput,
        }

    def __init__(self, *args, user, correcting=False, **kwargs):
        super().__init__(*args, user=user, correcting=correcting, **kwargs)
        self.correcting = correcting
        if correcting:
            # A correction keeps the position recorded at the visit unless the officer asks.
            self.fields["record_position"] = forms.BooleanField(
                label=_("Record my current position as the place of this visit"),
                required=False,
                help_text=_("Leave it unticked to keep the position recorded with the visit."),
            )
        self.fields["activity"].queryset = Activity.objects.visible_to(user).filter(is_active=True)
        _choices_once(self.fields["activity"])
        self.fields["community_figures"].queryset = (
            CommunityFigure.objects.visible_to(user)
            .filter(area__in=self.fields["area"].queryset)
            .select_related("area")
            .order_by("area__name", "name")
        )
        self.fields["community_figures"].label_from_instance = _figure_label
        self.fields["community_figures"].error_messages["invalid_choice"] = _(
            "Choose only community figures of the area you visited."
        )
        self.fields["occurred_at"].input_formats = [DATETIME_LOCAL]
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().strftime(DATETIME_LOCAL))

    def clean_narrative(self):
        return self.cleaned_data["narrative"].strip()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return photo_reencode(photo) if photo else None

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            cleaned["latitude"] = cleaned["longitude"] = cleaned["accuracy_m"] = None
        if self.correcting:
            if not cleaned.get("record_position"):
                # Whatever the page sent, the stored position stays (the service changes only
                # the fields it is given).
                for name in POSITION_FIELDS:
                    cleaned.pop(name, None)
            elif cleaned.get("latitude") is None:
                self.add_error(
                    "record_position",
                    _(
                        "The phone has not found your position yet. Wait for it, or untick this "
                        "to keep the recorded one."
                    ),
                )
        return cleaned


def _figure_label(figure):
    return f"{figure.name} ({figure.get_role_display()}, {figure.area.name})"


class EarlyWarningForm(FieldReportForm):
    class Meta:
        model = EarlyWarning
        field_classes = {"area": LoadedChoiceField}
        fields = list(EARLY_WARNING_FIELDS)  # the fields its service takes
        widgets = {
            "reported_at": LocalDateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["reported_at"].input_formats = [DATETIME_LOCAL]
        if not self.is_bound:
            self.initial.setdefault("reported_at", timezone.localtime().strftime(DATETIME_LOCAL))


class ProblemCaseForm(FieldReportForm):
    class Meta:
        model = ProblemCase
        field_classes = {"area": LoadedChoiceField}
        fields = list(PROBLEM_CASE_FIELDS)  # the fields its service takes
        widgets = {
            "opened_on": DateInput(),
            "closed_on": DateInput(),
            "parties": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewEvent.Action.ACCEPTED, _("Accept")),
            (ReviewEvent.Action.RETURNED, _("Return for correction")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what the officer must correct."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") == ReviewEvent.Action.RETURNED
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error(
                "comment", _("Write what the officer must correct before returning the report.")
            )
        return cleaned
