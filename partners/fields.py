"""Form fields every app's forms share, and the layout helper every form uses."""

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError

DATE_HINT = "For example, 27 3 2028"


def form_helper(*layout: Any, submit: str | None = None) -> FormHelper:
    """A form's layout, with a submit button when ``submit`` names it. It writes no form
    element: each page's template holds the one form element, with its CSRF token,
    around it."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, *([Submit("submit", submit)] if submit else []))
    return helper


_PARTS = ("day", "month", "year")


class _NumericDateWidget(DateInputWidget):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for widget in self.widgets:
            widget.attrs["inputmode"] = "numeric"


class DayMonthYearField(DateInputField):
    """A date as three boxes, day, month and year: the GOV.UK date-input pattern, which
    people fill in without guessing a format. ``name`` is how errors speak of the date
    ("the review date"): "Enter the review date", "The review date must include a
    month", "The review date must be a real date"."""

    def __init__(
        self,
        *,
        label: str,
        name: str,
        required: bool = False,
        help_text: str = DATE_HINT,
        **kwargs: Any,
    ) -> None:
        self.name = name
        kwargs.setdefault("widget", _NumericDateWidget)
        messages = {
            "required": f"Enter {name}",
            "incomplete": f"{name[:1].upper()}{name[1:]} must include a day, month and year",
            "invalid": f"{name[:1].upper()}{name[1:]} must be a real date",
        }
        parts = tuple(
            forms.CharField(
                label=part.capitalize(),
                max_length=4,
                error_messages={
                    "incomplete": f"{name[:1].upper()}{name[1:]} must include a {part}",
                    "max_length": messages["invalid"],
                },
            )
            for part in _PARTS
        )
        # MultiValueField's own __init__, not DateInputField's: these parts and messages
        # replace its generic ones.
        forms.MultiValueField.__init__(
            self,
            fields=parts,
            error_messages=messages,
            require_all_fields=False,
            required=required,
            label=label,
            help_text=help_text,
            **kwargs,
        )

    def compress(self, data_list: Any) -> date | None:
        if not data_list:
            return None
        day, month, year = (str(value or "").strip() for value in data_list)
        if not (day and month and year):
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError(
                f"The year of {self.name} must have 4 digits, like 2028",
                code="invalid",
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def date_input(name: str, legend_size: str = Size.SMALL) -> Field:
    """A DayMonthYearField in a form's layout: its label is the fieldset's legend."""
    return Field(name, context={"legend_size": Size.for_legend(legend_size)})


def text_input(input_type: str = "text", **attrs: Any) -> forms.TextInput:
    """A text box of another HTML type (email, url) or a number typed as text
    (``inputmode="numeric"``, as GOV.UK advises over type=number). It stays a TextInput
    so that the GOV.UK form templates style it, error border included."""
    widget = forms.TextInput(attrs=attrs)
    widget.input_type = input_type
    return widget
