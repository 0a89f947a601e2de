"""The public's form: their own view of a published agreement's trade-off."""

from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms
from django.core.validators import MaxLengthValidator

from agreements.forms.assessment import PerspectiveForm
from agreements.models import AssessmentTest
from agreements.models.public import PUBLIC_COMMENT_LIMIT
from partners.fields import form_helper

PRIVACY_NOTICE = (
    '<div class="govuk-inset-text" id="privacy-notice">'
    '<h2 class="govuk-heading-s">What we do with your e-mail address</h2>'
    '<p class="govuk-body">We use it once, to send you a link. Your view counts when you '
    "open the link. Then we delete your address. If you do not open the link, we delete "
    "your address and your view after 7 days.</p>"
    '<p class="govuk-body">We keep a code made from your address, so that each address '
    "counts once. No one can work out your address from the code. We never publish your "
    "address or share it with anyone.</p>"
    '<p class="govuk-body">Your scores and your comment are published without your name. '
    "Officers may hide a comment that is abusive, but its scores still count.</p>"
    "</div>"
)


class PublicViewForm(PerspectiveForm):
    """The same questions as those who signed in answer, with an e-mail address to
    confirm by and a field only robots fill in."""

    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="We send you a link to make your view count. See how we use it below.",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address like name@example.com",
        },
    )
    # People never see this field; automated form-fillers fill it in.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, questions=questions, **kwargs)
        comment = self.fields["comment"]
        assert isinstance(comment, forms.CharField)
        comment.max_length = PUBLIC_COMMENT_LIMIT
        comment.validators = [MaxLengthValidator(PUBLIC_COMMENT_LIMIT)]
        comment.error_messages["max_length"] = f"Write at most {PUBLIC_COMMENT_LIMIT:,} characters"
        comment.help_text = "It is published without your name."
        comment.widget.attrs["maxlength"] = str(PUBLIC_COMMENT_LIMIT)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        by_test: dict[str, list[dict[str, Any]]] = {test: [] for test in AssessmentTest.values}
        for question in questions:
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
            Field.text("email", field_width=20),
            HTML('<div class="govuk-!-display-none" aria-hidden="true">'),
            Field.text("website"),
            HTML("</div>"),
            HTML(PRIVACY_NOTICE),
            Submit("submit", "Send my view"),
        )
