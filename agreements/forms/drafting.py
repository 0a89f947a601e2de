"""Forms for drafting: starting an agreement, its details and sections, reasons, version
notes, adopting another area's agreement and comparing versions. Forms check shape; the
services check the rules."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from partners.fields import DATE_HINT, DayMonthYearField, date_input, form_helper
from partners.models import Organisation

from ..models import SECTION_TEXT_LIMIT, Template

DATE_HELP = DATE_HINT
# Version numbers are stored as PostgreSQL integers; a number past this is no version.
VERSION_NUMBER_MAX = 2_147_483_647


def _date_field(label: str, name: str, required: bool = False) -> DayMonthYearField:
    """A date as day, month and year boxes; ``name`` is how errors speak of it."""
    return DayMonthYearField(label=label, name=name, required=required)


_date = date_input


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _future_date(value: Any) -> Any:
    if value is not None and value <= timezone.localdate():
        raise forms.ValidationError("The review date must be in the future")
    return value


class AgreementCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        label="What kind of agreement?",
        queryset=Template.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the kind of agreement"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Say what is shared and why, e.g. Sharing school attendance to support families.",
        error_messages={"required": "Enter a title"},
    )
    lead_organisation = OrganisationChoice(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that leads the agreement"},
    )
    review_date = _date_field("Review date (optional)", "the review date")

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = Template.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["lead_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.radios("template", legend_size=Size.MEDIUM),
            Field.text("title"),
            Field.select("lead_organisation"),
            _date("review_date"),
            submit="Start drafting",
        )

    def clean_review_date(self) -> Any:
        return _future_date(self.cleaned_data.get("review_date"))


class DetailsForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    lead_organisation = OrganisationChoice(
        label="Lead organisation", queryset=Organisation.objects.none(), empty_label=None
    )
    review_date = _date_field("Review date", "the review date")

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.text("title"),
            Field.select("lead_organisation"),
            _date("review_date"),
            submit="Save details",
        )

    def clean_review_date(self) -> Any:
        return _future_date(self.cleaned_data.get("review_date"))


class SectionForm(forms.Form):
    body = forms.CharField(
        label="Text",
        required=False,
        max_length=SECTION_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 18, "class": "dsa-section-text"}),
        error_messages={
            "max_length": f"A section can be at most {SECTION_TEXT_LIMIT:,} characters; "
            "shorten it or split it (this one has %(show_value)d)."
        },
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("body"), "base_revision")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why"},
    )

    def __init__(
        self, *args: Any, label: str = "Reason", submit: str = "Confirm", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.helper = form_helper(Field.textarea("reason"), submit=submit)


class VersionNoteForm(forms.Form):
    note = forms.CharField(
        label="What changed in this version (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdoptForm(forms.Form):
    lead_organisation = OrganisationChoice(
        label="Lead organisation in your area",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that will lead it"},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations  # type: ignore[attr-defined]


class CompareForm(forms.Form):
    a = forms.IntegerField(
        min_value=1,
        max_value=VERSION_NUMBER_MAX,
        error_messages={
            "required": "Choose the earlier version",
            "invalid": "Choose a version",
            "max_value": "Choose a version",
        },
    )
    b = forms.IntegerField(
        min_value=1,
        max_value=VERSION_NUMBER_MAX,
        error_messages={
            "required": "Choose the later version",
            "invalid": "Choose a version",
            "max_value": "Choose a version",
        },
    )
