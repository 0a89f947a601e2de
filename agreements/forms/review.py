"""Forms of civil-society review: comments, replies, resolutions, invitations."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.forms import BoundField

from partners.fields import form_helper, text_input

from .drafting import VERSION_NUMBER_MAX


class CommentForm(forms.Form):
    section_key = forms.SlugField(widget=forms.HiddenInput)
    quote = forms.CharField(
        label="The words you mean (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Select them in the text above, or copy them here exactly. Leave empty to comment "
            "on the whole section."
        ),
    )
    # The words just before and after the quote, so the right occurrence is found.
    quote_before = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    quote_after = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    body = forms.CharField(
        label="Your comment",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your comment",
            "max_length": "A comment can be at most 10,000 characters",
        },
    )
    replacement = forms.CharField(
        label="Suggest new wording for those words (optional)",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmptyCommentField:
    """A comment form's field as an empty form shows it in one section, with the ids
    that section's form uses: one unbound form serves every section of the page."""

    errors = ()
    value = None

    def __init__(self, field: BoundField, section_key: str) -> None:
        self.name = self.html_name = field.name
        self.label = field.label
        self.help_text = field.help_text
        self.id_for_label = f"id_{section_key}_{field.name}"


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Write your reply",
            "max_length": "A reply can be at most 10,000 characters",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("body"), submit="Send reply")


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label="How was it resolved?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the thread was resolved"},
    )
    changed_in_version = forms.IntegerField(
        label="Changed in version (if changed)",
        required=False,
        widget=text_input(inputmode="numeric", spellcheck="false"),
        min_value=1,
        max_value=VERSION_NUMBER_MAX,
        error_messages={
            "invalid": "Enter a version number, like 2",
            "max_value": "There is no version that high",
        },
    )
    note = forms.CharField(
        label="Note to the reviewer (needed if not accepted)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ..models import CommentResolution

        super().__init__(*args, **kwargs)
        self.fields["resolution"].choices = CommentResolution.choices  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.radios("resolution", legend_size=Size.SMALL),
            Field.text("changed_in_version", field_width=3),
            Field.textarea("note"),
            submit="Resolve thread",
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=text_input("email", autocomplete="off", spellcheck="false"),
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        required=False,
        help_text="Needed for someone who has not signed in before.",
    )
    note = forms.CharField(
        label="Message (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("email"),
            Field.text("full_name"),
            Field.textarea("note"),
            submit="Invite to review",
        )
