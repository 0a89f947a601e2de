from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.http import HttpRequest

from .fields import DayMonthYearField, date_input, form_helper, text_input
from .models import NotificationMode, Organisation, Role

# E-mail addresses are at most 254 characters (RFC 5321), as is User.email.
EMAIL_MAX_LENGTH = 254


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in attempt is counted against, in one case and no longer than
    an address can be (django-axes stores it; the admin's sign-in form does not limit
    its length)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()[:EMAIL_MAX_LENGTH]


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "The e-mail address or password is not right. Check them and try again. "
            "After several failed attempts, signing in is paused for a while."
        ),
        "inactive": "This account has been deactivated. Ask your area admin for help.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].widget = text_input(
            "email", autocomplete="email", spellcheck="false", autofocus=True
        )
        self.fields["username"].error_messages["required"] = "Enter your e-mail address"
        # AuthenticationForm shows a maximum length but does not check it.
        self.fields["username"].validators.append(
            MaxLengthValidator(
                EMAIL_MAX_LENGTH, message="An e-mail address is at most 254 characters long"
            )
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = form_helper(
            Field.text("username"),
            Field.text("password", field_width=Fluid.ONE_HALF),
            submit="Sign in",
        )


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].widget = text_input("email", autocomplete="email", spellcheck="false")
        self.fields["email"].error_messages["required"] = "Enter your e-mail address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the correct format, like name@example.org.uk"
        )
        self.helper = form_helper(Field.text("email"), submit="Send reset link")


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, and not like your name or "
            "e-mail address."
        )
        self.fields["new_password2"].label = "Confirm new password"
        self.helper = form_helper(
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Set password",
        )


class MemberAddForm(forms.Form):
    """Shape only: the service decides whether the role suits the organisation."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=text_input("email", autocomplete="off", spellcheck="false"),
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org.uk",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        required=False,
        help_text="Needed only for someone who has not signed in before.",
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation they belong to"},
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.text("email"),
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.select("organisation"),
            Field.radios("role", legend_size=Size.SMALL),
            submit="Add member",
        )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class AuditFilterForm(forms.Form):
    """Filters for an area's audit ledger page and its CSV export (GET)."""

    verb = forms.ChoiceField(label="What happened", required=False)
    actor = forms.CharField(label="Who (name or e-mail)", required=False, max_length=200)
    since = DayMonthYearField(label="From", name="the from date")
    until = DayMonthYearField(label="To", name="the to date")

    def __init__(self, *args: Any, verbs: list[tuple[str, str]], **kwargs: Any) -> None:
        """``verbs``: (verb, what it reads as) for each verb the area's ledger holds."""
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", "Anything"), *verbs]  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("verb"),
            Field.text("actor", field_width=Fluid.TWO_THIRDS),
            date_input("since"),
            date_input("until"),
        )
        # A search by GET: no token in the address.
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return data


class NotificationForm(forms.Form):
    notification_mode = forms.ChoiceField(
        label="How often should we e-mail you about agreements you are involved in?",
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("notification_mode", legend_size=Size.MEDIUM), submit="Save"
        )
