"""Signing in and out, and setting a password by e-mail link (Django's auth views in
the service's layout)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from .. import services
from ..access import AuthenticatedRequest, public_view, signed_in_view
from ..clients import client_address
from ..forms import NewPasswordForm, NotificationForm, ResetRequestForm, SignInForm
from ..limits import over_limit


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The e-mail is owed through the outbox, never sent inside the request, so the
    answer comes as fast for an unknown address as for a known one. Requests are
    limited per client (past it: a page asking to wait) and per address (past it: the
    usual page, and nothing sent)."""

    def form_valid(self, form: Any) -> HttpResponse:
        email = str(form.cleaned_data["email"]).strip().lower()
        if over_limit(
            self.request,
            group="password-reset-client",
            key=client_address(self.request),
            rate=settings.PASSWORD_RESET_RATE_PER_CLIENT,
        ):
            return render(self.request, "accounts/too_many_requests.html", status=429)
        if not over_limit(
            self.request,
            group="password-reset-address",
            key=email,
            rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
        ):
            services.password_reset_request(email=email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting the password goes through the service: recorded in the ledger, and any
    sign-in pause on the account lifted."""

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_set_password(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            actor=None,
            via="reset link",
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


sign_in = public_view(
    auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html", authentication_form=SignInForm
    ),
    methods=("GET", "POST"),
)
sign_out = public_view(SignOutView.as_view(), methods=("POST",))
password_reset = public_view(
    PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=ResetRequestForm,
        success_url=reverse_lazy("accounts:password-reset-sent"),
    ),
    methods=("GET", "POST"),
)
password_reset_sent = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = public_view(
    PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=NewPasswordForm,
        success_url=reverse_lazy("accounts:password-reset-complete"),
    ),
    methods=("GET", "POST"),
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@signed_in_view(methods=("GET", "POST"))
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    form = NotificationForm(
        request.POST if request.method == "POST" else None,
        initial={"notification_mode": request.user.notification_mode},
    )
    if request.method == "POST" and form.is_valid():
        services.user_set_notification_mode(
            user=request.user, mode=form.cleaned_data["notification_mode"]
        )
        messages.success(request, "Saved how often we e-mail you.")
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})
