"""The form adding or changing a party: the organisation, its part in the sharing and who
signs for it."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import QuerySet
from django.utils.text import get_text_list

from partners.fields import form_helper
from partners.models import Organisation, User

from ..models import PartyRole
from .drafting import OrganisationChoice


class SignatoryChoice(forms.ModelChoiceField):
    """A person, with the organisations they sign for: "Catherine Moore, signs for Leeds
    City Council". Needs users from selectors.signatory_list (with ``signs_for``)."""

    def label_from_instance(self, obj: Any) -> str:
        organisations = [m.organisation.name for m in getattr(obj, "signs_for", [])]
        if not organisations:
            return str(obj.full_name)
        return f"{obj.full_name}, signs for {get_text_list(organisations, 'and')}"


class PartyForm(forms.Form):
    organisation = OrganisationChoice(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation"},
    )
    role = forms.ChoiceField(
        label="Its part in the sharing",
        choices=PartyRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose its part in the sharing"},
    )
    signatory = SignatoryChoice(
        label="Who signs for it (optional for now)",
        help_text="Only someone who signs for the organisation you chose can sign for it.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not chosen yet",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        signatories: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["signatory"].queryset = signatories  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("organisation"),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("signatory"),
            submit="Save party",
        )
