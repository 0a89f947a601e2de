"""Forms revising a template's section and deciding on a revision."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from partners.fields import form_helper

from ..models import SECTION_TEXT_LIMIT


class TemplateSectionForm(forms.Form):
    heading = forms.CharField(label="Heading", max_length=200)
    guidance = forms.CharField(
        label="Guidance for officers",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    default_text = forms.CharField(
        label="Default text",
        required=False,
        max_length=SECTION_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    locked = forms.BooleanField(
        label="Locked clause: only area admins may change it in agreements", required=False
    )
    change_note = forms.CharField(
        label="What changed, and why",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what changed and why"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("heading"),
            Field.textarea("guidance"),
            Field.textarea("default_text"),
            Field.checkbox("locked"),
            Field.textarea("change_note"),
            submit="Save as a new template version",
        )


class TemplateRevisionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=(("approve", "Approve: new drafts start from it"), ("reject", "Turn it down")),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or turn down the revision"},
    )
    note = forms.CharField(
        label="Note, or the reason for turning it down",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("note"),
            submit="Record decision",
        )
