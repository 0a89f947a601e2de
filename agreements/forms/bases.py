"""Forms naming a gateway the sharing relies on, and a party's lawful-basis stack for a
category of data. The basis form runs the lawful-basis rules too, so every breach shows
beside its field at once."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.forms.models import ModelChoiceIterator

from gateways.models import DataCategory, Gateway, GatewayStatus, LawfulBasis
from gateways.rules import BasisStack
from partners.fields import form_helper

from ..models import Agreement, Party


def gist(text: str, limit: int = 240) -> str:
    """The first sentence of a summary, at most ``limit`` characters."""
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text if end < 0 else text[: end + 1]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class _GatewayChoices(ModelChoiceIterator):
    def choice(self, obj: Any) -> Any:
        value, label = super().choice(obj)
        return Choice(value, label, hint=f"{obj.get_power_or_duty_display()}. {gist(obj.summary)}")


class GatewayChoice(forms.ModelChoiceField):
    """Gateways as radios, each with its gist beneath: what it lets or makes the parties
    do, so the choice is made on substance, not on a section number."""

    iterator = _GatewayChoices

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class GatewayLinkForm(forms.Form):
    gateway = GatewayChoice(
        label="Legal gateway",
        queryset=Gateway.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a gateway",
            "invalid_choice": "Choose a gateway that is in the register",
        },
    )
    note = forms.CharField(
        label="How it applies (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gateway"].queryset = Gateway.objects.filter(  # type: ignore[attr-defined]
            status=GatewayStatus.APPROVED
        ).order_by("act_title", "act_year", "provision_key")
        self.helper = form_helper(
            Field.radios("gateway", legend_size=Size.SMALL),
            Field.textarea("note"),
            submit="Add gateway",
        )


class BasisChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.title}"


class BasisMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.title}"


LAYER_FIELDS = {
    "art6": "art6",
    "annex1": "annex1",
    "art9": "art9",
    "art10": "art10",
    "schedule1": "schedule1",
    "part3": "part3",
    "schedule8": "schedule8",
    "common_law": "common_law",
    "policy_document": "policy_document",
}


class PartyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation.name)


class CategoryBasisForm(forms.Form):
    data_category = forms.ModelChoiceField(
        label="Category of data",
        queryset=DataCategory.objects.order_by("name"),
        empty_label="Choose a category",
        error_messages={"required": "Choose the category of data"},
    )
    party = PartyChoice(
        label="Party relying on these bases",
        queryset=Party.objects.none(),
        empty_label="Choose a party",
        error_messages={"required": "Choose the party relying on these bases"},
        help_text="Each party has its own lawful bases: a council may share under the UK GDPR "
        "while the police receive under DPA 2018 Part 3.",
    )
    recipient = PartyChoice(
        label="Only for one flow: the party it discloses to (optional)",
        queryset=Party.objects.none(),
        required=False,
        empty_label="Every use by this party",
    )
    public_task = forms.BooleanField(
        label="Shared in carrying out the parties' public tasks", required=False, initial=True
    )
    law_enforcement = forms.BooleanField(
        label="Processed by a competent authority for law enforcement (DPA 2018 Part 3)",
        required=False,
    )
    art6 = BasisChoice(
        label="Article 6 lawful basis",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None",
    )
    annex1 = BasisMultipleChoice(
        label="Annex 1 conditions (recognised legitimate interest only)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5, "class": "govuk-select dsa-multiselect"}),
        help_text="Article 6(1)(ea) is met only with one of these (UK GDPR Article 6(5)).",
    )
    art9 = BasisChoice(
        label="Article 9 condition (special category data)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None",
    )
    art10 = forms.BooleanField(label="Relies on Article 10 (criminal offence data)", required=False)
    official_authority = forms.BooleanField(
        label="Processed under the control of official authority (Article 10)",
        required=False,
        help_text="Then no Schedule 1 condition is needed, but the law giving that authority "
        "must be named as a gateway.",
    )
    schedule1 = BasisMultipleChoice(
        label="DPA 2018 Schedule 1 conditions",
        queryset=LawfulBasis.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "class": "govuk-select dsa-multiselect"}),
        help_text="Hold Ctrl (or Cmd) to choose more than one.",
    )
    part3 = forms.BooleanField(label="Relies on DPA 2018 s.35 (law enforcement)", required=False)
    schedule8 = BasisMultipleChoice(
        label="DPA 2018 Schedule 8 conditions (sensitive law enforcement processing)",
        queryset=LawfulBasis.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5, "class": "govuk-select dsa-multiselect"}),
    )
    common_law = BasisChoice(
        label="Common-law duty of confidentiality",
        queryset=LawfulBasis.objects.none(),
        required=False,
        empty_label="None given",
        help_text="Needed for health and care information, which is held in confidence.",
    )
    policy_document = forms.CharField(
        label="Appropriate policy document",
        required=False,
        max_length=300,
        help_text="Its reference or web address, when a condition above needs one.",
    )
    note = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, agreement: Agreement, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.warnings: list[Any] = []
        by = LawfulBasis.objects.order_by("sort_order")
        for name, framework in (
            ("art6", "art6"),
            ("annex1", "annex1"),
            ("art9", "art9"),
            ("schedule1", "sch1"),
            ("schedule8", "sch8"),
            ("common_law", "common_law"),
        ):
            self.fields[name].queryset = by.filter(framework=framework)  # type: ignore[attr-defined]
        parties = agreement.parties.select_related("organisation").order_by("organisation__name")
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["recipient"].queryset = parties  # type: ignore[attr-defined]
        if editing:
            for name in ("data_category", "party", "recipient"):
                self.fields[name].disabled = True
        else:
            lead = parties.filter(organisation=agreement.lead_organisation).first()
            self.fields["party"].initial = lead
        self.helper = form_helper(
            Field.select("data_category"),
            Field.select("party"),
            Field.select("recipient"),
            Field.checkbox("public_task"),
            Field.checkbox("law_enforcement"),
            Field.select("art6"),
            Field("annex1"),
            Field.select("art9"),
            Field.checkbox("art10"),
            Field.checkbox("official_authority"),
            Field("schedule1"),
            Field.checkbox("part3"),
            Field("schedule8"),
            Field.select("common_law"),
            Field.text("policy_document"),
            Field.textarea("note"),
            submit="Save lawful bases",
        )

    def clean(self) -> dict[str, Any]:
        from ..services import check_stack

        data = super().clean() or {}
        category, party = data.get("data_category"), data.get("party")
        if category is None or party is None or self.errors:
            return data
        if data.get("recipient") == party:
            self.add_error("recipient", "A flow goes to another party.")
            return data
        stack = BasisStack(
            art6=data["art6"].code if data.get("art6") else "",
            annex1=tuple(sorted(b.code for b in data.get("annex1") or [])),
            art9=data["art9"].code if data.get("art9") else "",
            art10=bool(data.get("art10")),
            official_authority=bool(data.get("official_authority")),
            schedule1=tuple(sorted(b.code for b in data.get("schedule1") or [])),
            part3=bool(data.get("part3")),
            schedule8=tuple(sorted(b.code for b in data.get("schedule8") or [])),
            common_law=data["common_law"].code if data.get("common_law") else "",
            policy_document=data.get("policy_document") or "",
        )
        breaches, self.warnings = check_stack(
            agreement=self.agreement,
            party=party,
            data_category=category,
            stack=stack,
            law_enforcement=bool(data.get("law_enforcement")),
            public_task=bool(data.get("public_task")),
        )
        for breach in breaches:
            self.add_error(LAYER_FIELDS.get(breach.layer), breach.message)
        return data
