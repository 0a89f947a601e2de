"""Forms of the trade-off assessment and of a person's own view of it. The questions are
reference data, so their fields are made from them."""

from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms

from partners.fields import form_helper

from ..models import (
    AssessmentTest,
    Beneficiary,
    DpiaState,
    OverallPosition,
    RiskLevel,
)
from ..models.assessment import ASSESSMENT_TEXT_LIMIT, SCORE_LABELS
from .drafting import _date, _date_field

SCORE_CHOICES = [(str(n), f"{n}: {label}") for n, label in SCORE_LABELS.items()]
SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
POSITION_CHOICES = [(str(value), label) for value, label in OverallPosition.choices]


def _text(
    label: str, *, rows: int = 3, help_text: str = "", limit: int = ASSESSMENT_TEXT_LIMIT
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"Write at most {limit:,} characters"},
    )


def _score_field(label: str, help_text: str, *, none_label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[*SCORE_CHOICES, ("", none_label)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a score from 1 to 5"},
    )


def _position_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=POSITION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose where the balance falls"},
    )


class AssessmentForm(forms.Form):
    """The whole assessment on one page: each question's score and reason, grouped by
    test, then the rest."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    risk_of_not_sharing = _text(
        "What is the risk of not sharing?",
        help_text="Who would be worse off, and how, if this data were not shared.",
    )
    safe_people = _text("Safe people: can the people using the data be trusted to use it well?")
    safe_projects = _text("Safe projects: is this use lawful, ethical and sensible?")
    safe_settings = _text("Safe settings: does where and how it is used limit misuse and mistakes?")
    safe_data = _text("Safe data: how identifiable is it, and is that kept as low as it can be?")
    safe_outputs = _text("Safe outputs: do reports and results keep people from being identified?")
    dpia = forms.ChoiceField(
        label="Was a data protection impact assessment (DPIA) done?",
        choices=[*DpiaState.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    dpia_date = _date_field("Date of the DPIA", "the date of the DPIA")
    dpia_outcome = _text("What did the DPIA conclude?")
    dpo_advice = _text("What did the data protection officer advise?")
    residual_risk = forms.ChoiceField(
        label="Risk that remains once the safeguards are in place",
        choices=[*RiskLevel.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    residual_risk_note = _text("Why that level?", rows=2)
    balance_statement = _text(
        "Balance statement",
        rows=5,
        help_text="In plain words a resident would understand: why the public benefit does, or "
        "does not, justify the risk to privacy. Signatories accept this statement when they sign.",
    )
    overall_position = _position_field("Overall, where does the balance fall?")

    def __init__(self, *args: Any, questions: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        by_test: dict[str, list[Any]] = {test: [] for test in AssessmentTest.values}
        for question in self.questions:
            self.fields[f"score_{question.code}"] = _score_field(
                question.text, question.help_text, none_label="Not scored yet"
            )
            self.fields[f"reason_{question.code}"] = _text("Reason for this score", rows=2)
            by_test[question.test].append(question)
        sections = [
            Fieldset(
                *[
                    part
                    for question in by_test[test]
                    for part in (
                        Field.radios(f"score_{question.code}", legend_size=Size.SMALL, small=True),
                        Field.textarea(f"reason_{question.code}"),
                    )
                ],
                legend=label,
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            )
            for test, label in AssessmentTest.choices
            if by_test[test]
        ]
        self.helper = form_helper(
            "base_revision",
            *sections,
            Fieldset(
                Field.textarea("risk_of_not_sharing"),
                legend="Not sharing",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Fieldset(
                HTML(
                    '<p class="govuk-body">The controls for each of the Five Safes, taken '
                    "together.</p>"
                ),
                Field.textarea("safe_people"),
                Field.textarea("safe_projects"),
                Field.textarea("safe_settings"),
                Field.textarea("safe_data"),
                Field.textarea("safe_outputs"),
                legend="Five Safes",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Fieldset(
                Field.radios("dpia", legend_size=Size.SMALL, small=True),
                _date("dpia_date"),
                Field.textarea("dpia_outcome"),
                Field.textarea("dpo_advice"),
                legend="Data protection impact assessment",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Fieldset(
                Field.radios("residual_risk", legend_size=Size.SMALL, small=True, inline=True),
                Field.textarea("residual_risk_note"),
                Field.textarea("balance_statement"),
                Field.radios("overall_position", legend_size=Size.SMALL),
                legend="The balance",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Submit("submit", "Save the assessment"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            score = cleaned.get(f"score_{question.code}")
            reason = (cleaned.get(f"reason_{question.code}") or "").strip()
            if score is not None and not reason:
                self.add_error(f"reason_{question.code}", "Give the reason for this score")
        dpia_done = cleaned.get("dpia") == DpiaState.DONE
        if dpia_done and cleaned.get("dpia_date") is None and "dpia_date" not in self.errors:
            self.add_error("dpia_date", "Enter the date of the DPIA")
        return cleaned

    def answers(self) -> dict[str, tuple[int | None, str]]:
        return {
            q.code: (
                self.cleaned_data.get(f"score_{q.code}"),
                self.cleaned_data.get(f"reason_{q.code}") or "",
            )
            for q in self.questions
        }

    def assessment_fields(self) -> dict[str, Any]:
        names = (
            "risk_of_not_sharing",
            "safe_people",
            "safe_projects",
            "safe_settings",
            "safe_data",
            "safe_outputs",
            "dpia",
            "dpia_date",
            "dpia_outcome",
            "dpo_advice",
            "residual_risk",
            "residual_risk_note",
            "balance_statement",
            "overall_position",
        )
        return {name: self.cleaned_data.get(name) for name in names} | {
            "dpia": self.cleaned_data.get("dpia") or "",
            "residual_risk": self.cleaned_data.get("residual_risk") or "",
        }


class BenefitForm(forms.Form):
    beneficiary = forms.ChoiceField(
        label="Who benefits?",
        choices=Beneficiary.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who benefits"},
    )
    description = forms.CharField(
        label="The benefit",
        max_length=ASSESSMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the benefit"},
    )
    measure = forms.CharField(
        label="How will it be measured?",
        max_length=ASSESSMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say how it will be measured"},
    )
    expected_by = _date_field("By when is it expected? (optional)", "the date it is expected by")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("beneficiary", legend_size=Size.SMALL),
            Field.textarea("description"),
            Field.textarea("measure"),
            _date("expected_by"),
            submit="Save the benefit",
        )


class RiskForm(forms.Form):
    description = forms.CharField(
        label="The risk",
        max_length=ASSESSMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the risk"},
    )
    who_is_affected = forms.CharField(
        label="Who is affected?",
        max_length=ASSESSMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say who is affected"},
    )
    likelihood = forms.TypedChoiceField(
        label="How likely is it? (1: remote, 5: almost certain)",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how likely it is, from 1 to 5"},
    )
    severity = forms.TypedChoiceField(
        label="How severe would the harm be? (1: minimal, 5: severe)",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how severe it would be, from 1 to 5"},
    )
    mitigation = forms.CharField(
        label="What is done to reduce it?",
        max_length=ASSESSMENT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is done to reduce it"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("description"),
            Field.textarea("who_is_affected"),
            Field.radios("likelihood", legend_size=Size.SMALL, small=True, inline=True),
            Field.radios("severity", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea("mitigation"),
            submit="Save the risk",
        )


class PerspectiveForm(forms.Form):
    """A person's own scores for a version's questions (as frozen in it), overall
    position and comment."""

    overall_position = _position_field("Overall, where do you think the balance falls?")
    comment = _text(
        "Anything you want to say about the trade-off (optional)",
        rows=4,
        limit=5_000,
        help_text="Officers and signatories see this beside your name and group.",
    )

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["overall_position"].required = True
        self.fields["overall_position"].error_messages["required"] = (
            "Choose where you think the balance falls"
        )
        by_test: dict[str, list[dict[str, Any]]] = {test: [] for test in AssessmentTest.values}
        for question in questions:
            self.fields[f"score_{question['code']}"] = _score_field(
                question["text"], "", none_label="I can't say"
            )
            by_test.setdefault(question["test"], []).append(question)
        self.helper = form_helper(
            *[
                Fieldset(
                    *[
                        Field.radios(f"score_{q['code']}", legend_size=Size.SMALL, small=True)
                        for q in by_test[test]
                    ],
                    legend=label,
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                )
                for test, label in AssessmentTest.choices
                if by_test.get(test)
            ],
            Field.radios("overall_position", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("comment"),
            Submit("submit", "Save my view"),
        )

    def scores(self) -> dict[str, int | None]:
        return {q["code"]: self.cleaned_data.get(f"score_{q['code']}") for q in self.questions}
