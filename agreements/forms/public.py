"""Forms of the public register's side of an agreement: what came of each benefit."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from partners.fields import form_helper

from ..models import Outcome
from ..models.public import OUTCOME_EVIDENCE_LIMIT


class BenefitOutcomeForm(forms.Form):
    benefit = forms.TypedChoiceField(
        label="Expected benefit",
        coerce=int,
        error_messages={"required": "Choose a benefit", "invalid_choice": "Choose a benefit"},
    )
    outcome = forms.ChoiceField(
        label="What came of it",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what came of it"},
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=OUTCOME_EVIDENCE_LIMIT,
        help_text="What was measured, and what it showed. The public register shows it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Write at most {OUTCOME_EVIDENCE_LIMIT:,} characters"},
    )

    def __init__(self, *args: Any, benefits: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["benefit"].choices = [  # type: ignore[attr-defined]
            (index, benefit["description"][:120]) for index, benefit in enumerate(benefits)
        ]
        self.helper = form_helper(
            Field.select("benefit"),
            Field.radios("outcome", legend_size="s"),
            Field.textarea("evidence"),
            submit="Record what came of it",
        )
