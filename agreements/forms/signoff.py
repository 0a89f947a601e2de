"""Forms of sign-off: asking for it, a signatory's decision, and a decision made outside
the service recorded by an officer."""

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from partners.fields import form_helper

from ..models.signoff import SIGNOFF_TEXT_LIMIT, Capacity, Decision
from .drafting import VERSION_NUMBER_MAX, _date, _date_field


class SignOffRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why should sign-off go ahead with these threads unresolved?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Signatories see this, and it is kept in the audit trail.",
    )

    def __init__(self, *args: Any, open_threads: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.textarea("reason")] if open_threads else []
        # With threads open, the button itself says what is being confirmed.
        submit = (
            f"Ask for sign-off with {open_threads} thread{'s' if open_threads != 1 else ''} "
            "unresolved"
            if open_threads
            else "Ask for sign-off"
        )
        self.helper = form_helper(*fields, submit=submit)


def _decision_fields() -> dict[str, forms.Field]:
    return {
        "decision": forms.ChoiceField(
            label="Your decision",
            choices=Decision.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose approve, approve with conditions, or decline"},
        ),
        "conditions": forms.CharField(
            label="Conditions, or reasons for declining",
            help_text="Needed if you approve with conditions or decline. Officers and the other "
            "parties see them, and they are kept with the sign-off.",
            required=False,
            max_length=SIGNOFF_TEXT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
        ),
        "capacity": forms.ChoiceField(
            label="The capacity you sign in",
            choices=Capacity.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Say in which capacity you sign"},
        ),
        "capacity_other": forms.CharField(
            label="The office, if another",
            required=False,
            max_length=200,
        ),
    }


class SignOffForm(forms.Form):
    version_number = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=VERSION_NUMBER_MAX
    )
    organisation = forms.TypedChoiceField(
        label="You sign for", coerce=int, widget=forms.RadioSelect
    )
    balance_accepted = forms.BooleanField(
        label="I have read the balance statement above and accept it as the basis of my "
        "decision (not needed to decline)",
        required=False,
    )
    password = forms.CharField(
        label="Your password",
        help_text="Enter your password again to show this is your decision.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_decision_fields())
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (p.organisation_id, p.organisation.name) for p in parties
        ]
        fields: list[Any] = ["version_number"]
        if len(parties) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", parties[0].organisation_id)
            fields.append("organisation")
        else:
            fields.append(Field.radios("organisation", legend_size=Size.SMALL))
        self.helper = form_helper(
            *fields,
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("conditions"),
            Field.radios("capacity", legend_size=Size.SMALL, small=True),
            Field.text("capacity_other"),
            Field.checkbox("balance_accepted"),
            Field.text("password", field_width=20),
            Submit("submit", "Record my decision"),
        )


class OutsideSignOffForm(forms.Form):
    version_number = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=VERSION_NUMBER_MAX
    )
    organisation = forms.TypedChoiceField(
        label="For which party?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the party"},
    )
    signatory_name = forms.CharField(
        label="Who signed?",
        max_length=200,
        error_messages={"required": "Enter the name of the person who signed"},
    )
    signed_on = _date_field("When was it signed?", "the date it was signed", required=True)
    evidence = forms.CharField(
        label="Where is the signature recorded?",
        help_text="For example: Safeguarding Partnership Board minutes, 12 November 2026, item 7; "
        "signed paper copy filed with the board papers.",
        max_length=SIGNOFF_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say where the signature is recorded"},
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_decision_fields())
        self.fields["decision"].label = "Their decision"
        self.fields["capacity"].label = "The capacity they signed in"
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (p.organisation_id, p.organisation.name) for p in parties
        ]
        self.helper = form_helper(
            "version_number",
            Field.radios("organisation", legend_size=Size.SMALL),
            Field.text("signatory_name"),
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("conditions"),
            Field.radios("capacity", legend_size=Size.SMALL, small=True),
            Field.text("capacity_other"),
            _date("signed_on"),
            Field.textarea("evidence"),
            submit="Record the sign-off",
        )
