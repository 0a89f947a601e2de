import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size, Submit
from django import forms

from partners.fields import DayMonthYearField, date_input, form_helper, text_input

from .models import JURISDICTIONS, ExpressOrImplied, OverridesConfidentiality, PowerOrDuty, Purpose
from .services import GatewayDetails

PROVISION_PATTERN = re.compile(
    r"""^(
        s\.\s?\d+[A-Z]{0,3}(\(\d+[A-Za-z]?\))*                            # s.115, s.16(4)
      | ss\.\s?\d+[A-Z]{0,3}\s?[-\u2013]\s?\d+[A-Z]{0,3}                 # ss.36-39, ss.16E-16K
      | Sch\.?\s?\d+[A-Z]?(\s(Pt|Part|para|paras)\.?\s?\d+[A-Z]?([-\u2013]\d+[A-Z]?)?)*
                                                                      # Sch 9, Sch 1 para 2
      | regs?\.?\s?\d+[A-Z]?(\(\d+\))?([-\u2013]\d+)?                    # reg 3, regs 2-4
      | art\.?\s?\d+[A-Z]?(\(\d+\))?                                       # art 6(3)
      | Part\s\d+[A-Z]?(\s(Ch|Chapter)\.?\s?\d+[A-Z]?)?                    # Part 5 Ch 5
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
PROVISION_HELP = (
    "For example s.115, ss.36-39, ss.16E-16K, Sch 9, Sch 1 para 2, reg 3 or Part 5 Ch 5."
)
LEGISLATION_HOSTS = {"www.legislation.gov.uk", "legislation.gov.uk"}
TEXT_LIMIT = 4000


class GatewayForm(forms.Form):
    """Shape only; the service decides on duplicates."""

    act_title = forms.CharField(
        label="Act or regulations",
        max_length=200,
        help_text="The short title without the year, for example Crime and Disorder Act.",
        error_messages={"required": "Enter the title of the Act"},
    )
    act_year = forms.IntegerField(
        label="Year",
        widget=text_input(inputmode="numeric", spellcheck="false"),
        min_value=1200,
        error_messages={
            "required": "Enter the year of the Act",
            "invalid": "Enter the year as a number, like 1998",
            "min_value": "Enter a year after 1200",
        },
    )
    act_chapter = forms.CharField(
        label="Chapter (optional)",
        max_length=40,
        required=False,
        help_text="For example, 1998 c. 37.",
    )
    provision = forms.CharField(
        label="Provision",
        max_length=60,
        help_text=PROVISION_HELP,
        error_messages={"required": "Enter the provision, for example s.115"},
    )
    legislation_url = forms.CharField(
        label="Address on legislation.gov.uk",
        max_length=300,
        help_text="For example https://www.legislation.gov.uk/ukpga/1998/37/section/115",
        error_messages={"required": "Enter the provision's address on legislation.gov.uk"},
    )
    power_or_duty = forms.ChoiceField(
        label="Does it give a power or impose a duty?",
        choices=PowerOrDuty.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is a power or a duty"},
    )
    express_or_implied = forms.ChoiceField(
        label="Is the power express or implied?",
        choices=ExpressOrImplied.choices,
        widget=forms.RadioSelect,
        initial=ExpressOrImplied.EXPRESS,
    )
    jurisdictions = forms.MultipleChoiceField(
        label="Where does it apply?",
        choices=JURISDICTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one nation where it applies"},
    )
    summary = forms.CharField(
        label="Plain-English summary",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "What it lets or makes public bodies do with people's data, in words anyone can follow."
        ),
        error_messages={"required": "Enter a plain-English summary"},
    )
    who_may_share = forms.CharField(
        label="Who may share, and with whom",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    permitted_purposes = forms.CharField(
        label="Purposes it permits",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    purposes = forms.ModelMultipleChoiceField(
        label="Purposes (for filtering)",
        queryset=Purpose.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    limits_and_exclusions = forms.CharField(
        label="Limits and exclusions",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    overrides_confidentiality = forms.ChoiceField(
        label="Does it override the common-law duty of confidentiality?",
        choices=OverridesConfidentiality.choices,
        widget=forms.RadioSelect,
        initial=OverridesConfidentiality.UNKNOWN,
    )
    register_requirement = forms.CharField(
        label="Register requirement (optional)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, entries in the Digital Economy Act 2017 Part 5 register.",
    )
    verified = forms.BooleanField(
        label="I have checked these details against the legislation itself", required=False
    )
    verified_on = DayMonthYearField(label="Date checked (optional)", name="the date checked")
    verification_note = forms.CharField(
        label="Notes on checking (optional)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, submit: str = "Save", extra_fields: tuple[Any, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Fieldset(
                Field.text("act_title", field_width=Fluid.TWO_THIRDS),
                Field.text("act_year", field_width=4),
                Field.text("act_chapter", field_width=10),
                Field.text("provision", field_width=20),
                Field.text("legislation_url"),
                legend="The provision",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("power_or_duty", legend_size=Size.SMALL),
                Field.radios("express_or_implied", legend_size=Size.SMALL, inline=True),
                Field.checkboxes("jurisdictions", legend_size=Size.SMALL, small=True),
                Field.textarea("summary"),
                Field.textarea("who_may_share"),
                Field.textarea("permitted_purposes"),
                Field.checkboxes("purposes", legend_size=Size.SMALL, small=True),
                Field.textarea("limits_and_exclusions"),
                Field.radios("overrides_confidentiality", legend_size=Size.SMALL),
                Field.textarea("register_requirement"),
                legend="What it allows",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("verified"),
                date_input("verified_on"),
                Field.textarea("verification_note"),
                legend="Checking",
                legend_size=Size.MEDIUM,
            ),
            *extra_fields,
            Submit("submit", submit),
        )

    def clean_act_title(self) -> str:
        return " ".join(str(self.cleaned_data["act_title"]).split())

    def clean_act_year(self) -> int:
        year = int(self.cleaned_data["act_year"])
        if year > date.today().year:
            raise forms.ValidationError("The year cannot be in the future")
        return year

    def clean_provision(self) -> str:
        provision = " ".join(str(self.cleaned_data["provision"]).split())
        if not PROVISION_PATTERN.match(provision):
            raise forms.ValidationError(
                f"Enter the provision in a recognised form. {PROVISION_HELP}"
            )
        return provision

    def clean_legislation_url(self) -> str:
        url = str(self.cleaned_data["legislation_url"]).strip()
        parts = urlsplit(url)
        if (
            parts.scheme != "https"
            or parts.hostname not in LEGISLATION_HOSTS
            or len(parts.path) < 2
        ):
            raise forms.ValidationError(
                "Enter the https address of the provision on legislation.gov.uk, like "
                "https://www.legislation.gov.uk/ukpga/1998/37/section/115"
            )
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verified_on") and not data.get("verified"):
            self.add_error("verified", "Tick this if the details were checked on that date")
        if data.get("verified_on") and data["verified_on"] > date.today():
            self.add_error("verified_on", "The date checked cannot be in the future")
        return data

    def details(self) -> GatewayDetails:
        data = self.cleaned_data
        places = set(data["jurisdictions"])
        return GatewayDetails(
            act_title=data["act_title"],
            act_year=data["act_year"],
            act_chapter=data["act_chapter"].strip(),
            provision=data["provision"],
            legislation_url=data["legislation_url"],
            power_or_duty=data["power_or_duty"],
            express_or_implied=data["express_or_implied"],
            england="england" in places,
            wales="wales" in places,
            scotland="scotland" in places,
            northern_ireland="northern_ireland" in places,
            summary=data["summary"].strip(),
            who_may_share=data["who_may_share"].strip(),
            permitted_purposes=data["permitted_purposes"].strip(),
            purposes=[purpose.slug for purpose in data["purposes"]],
            limits_and_exclusions=data["limits_and_exclusions"].strip(),
            overrides_confidentiality=data["overrides_confidentiality"],
            register_requirement=data["register_requirement"].strip(),
            verified=data["verified"],
            verified_on=data["verified_on"],
            verification_note=data["verification_note"].strip(),
        )

    @classmethod
    def initial_from(cls, gateway: Any) -> dict[str, Any]:
        return {
            **{
                name: getattr(gateway, name)
                for name in (
                    "act_title",
                    "act_year",
                    "act_chapter",
                    "provision",
                    "legislation_url",
                    "power_or_duty",
                    "express_or_implied",
                    "summary",
                    "who_may_share",
                    "permitted_purposes",
                    "limits_and_exclusions",
                    "overrides_confidentiality",
                    "register_requirement",
                    "verified",
                    "verified_on",
                    "verification_note",
                )
            },
            "jurisdictions": gateway.jurisdictions,
            "purposes": list(gateway.purposes.all()),
        }


class ProposalForm(GatewayForm):
    reason = forms.CharField(
        label="Why should it be in the register?",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example, which agreement needs it. The area admin who decides will see this."
        ),
        error_messages={"required": "Say why the gateway should be in the register"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args, submit="Propose gateway", extra_fields=(Field.textarea("reason"),), **kwargs
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=(("approve", "Approve: put it in the register"), ("reject", "Turn it down")),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or turn down the proposal"},
    )
    note = forms.CharField(
        label="Note, or the reason for turning it down",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("note"),
            Submit("submit", "Record decision"),
        )


class GatewayFilterForm(forms.Form):
    """Search and filters (GET). Unknown choices are errors, not 500s."""

    q = forms.CharField(label="Search", required=False, max_length=20_000)
    act = forms.ChoiceField(label="Act", required=False)
    power_or_duty = forms.ChoiceField(
        label="Power or duty", required=False, choices=[("", "Any"), *PowerOrDuty.choices]
    )
    purpose = forms.ChoiceField(label="Purpose", required=False)
    overrides_confidentiality = forms.ChoiceField(
        label="Overrides confidentiality",
        required=False,
        choices=[("", "Any"), *OverridesConfidentiality.choices],
    )
    jurisdiction = forms.ChoiceField(
        label="Applies in", required=False, choices=[("", "Anywhere"), *JURISDICTIONS]
    )

    def __init__(
        self, *args: Any, acts: list[str], purposes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [("", "Any Act"), *((a, a) for a in acts)]  # type: ignore[attr-defined]
        self.fields["purpose"].choices = [("", "Any purpose"), *purposes]  # type: ignore[attr-defined]


class ChangeReasonForm(forms.Form):
    """Why a gateway in the register should change, for the area admin who decides."""

    reason = forms.CharField(
        label="Why make this change? (for the area admin who approves it)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
