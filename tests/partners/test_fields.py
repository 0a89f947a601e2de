from datetime import date

import pytest
from django import forms
from django.template import Context, Template

from partners.fields import DayMonthYearField, date_input, text_input


class ReviewForm(forms.Form):
    review_date = DayMonthYearField(label="Review date", name="the review date", required=True)
    optional = DayMonthYearField(label="Another date", name="the other date")
    number = forms.IntegerField(required=False, widget=text_input(inputmode="numeric"))


def errors(data: dict[str, str]) -> dict[str, list[str]]:
    form = ReviewForm(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_whole_date_is_read_from_day_month_and_year() -> None:
    form = ReviewForm({"review_date_0": "1", "review_date_1": "12", "review_date_2": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_date"] == date(2027, 12, 1)
    assert form.cleaned_data["optional"] is None


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the review date"),
        (("1", "", "2027"), "The review date must include a month"),
        (("", "12", "2027"), "The review date must include a day"),
        (("31", "2", "2027"), "The review date must be a real date"),
        (("1", "December", "2027"), "The review date must be a real date"),
        (("1", "12", "27"), "The year of the review date must have 4 digits, like 2028"),
        (("1", "12", "20271"), "The review date must be a real date"),
    ],
)
def test_each_mistake_gets_a_plain_message(parts: tuple[str, str, str], message: str) -> None:
    data = {f"review_date_{index}": value for index, value in enumerate(parts)}
    assert errors(data)["review_date"] == [message]


def test_an_optional_date_may_be_left_empty_but_not_half_filled() -> None:
    base = {"review_date_0": "1", "review_date_1": "12", "review_date_2": "2027"}
    assert "optional" not in errors(base)
    assert errors(base | {"optional_2": "2027"})["optional"] == [
        "The other date must include a day",
        "The other date must include a month",
    ]


def test_it_renders_as_the_gov_uk_date_input_keeping_what_was_typed() -> None:
    form = ReviewForm({"review_date_0": "31", "review_date_1": "", "review_date_2": "2027"})
    form.is_valid()
    from crispy_forms_gds.helper import FormHelper
    from crispy_forms_gds.layout import Layout

    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = Layout(date_input("review_date"), "number")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert html.count("govuk-date-input__input") == 3
    assert 'value="31"' in html
    assert 'inputmode="numeric"' in html
    assert "For example, 27 3 2028" in html
    # The month box, the one missing, carries the error border.
    month = html.split('id="id_review_date_1"')[0].rsplit("<input", 1)[1]
    assert "govuk-input--error" in month
    number = html.split('name="number"')[0].rsplit("<input", 1)[1]
    assert 'type="text"' in number
