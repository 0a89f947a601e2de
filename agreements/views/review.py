"""Reviewing a version: comments on its words, replies, resolutions, suggested wording,
and inviting reviewers from outside the area."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import selectors, services
from ..forms import CommentForm, InvitationForm, ReasonForm, ReplyForm, ResolveForm
from ..models import Agreement, Comment, Version
from ..permissions import invited_to_agreement
from .common import EDITORS, form_page, found_or_404, get_agreement


def _comment(agreement: Agreement, comment_id: int) -> Comment:
    return found_or_404(selectors.comment_get, agreement=agreement, pk=comment_id)


def _thread_intro(comment: Comment) -> str:
    """Who began the thread, on which section, and the start of what they wrote."""
    return (
        f"{comment.author.full_name} on \u201c{comment.section_heading}\u201d: {comment.body[:300]}"
    )


def _thread_url(comment: Comment) -> str:
    return (
        f"{comment.agreement.get_absolute_url()}versions/{comment.anchor_version.number}/"
        f"#comment-{comment.pk}"
    )


@area_view(methods=("POST",), guest=invited_to_agreement)
def comment_create(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> HttpResponse:
    from .versions import render_version

    agreement = get_agreement(request, area, reference)
    try:
        version = selectors.version_get(agreement=agreement, number=number)
    except Version.DoesNotExist as exc:
        raise Http404 from exc
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.comment_add(
                version=version,
                section_key=data["section_key"],
                body=data["body"],
                quote=data["quote"],
                prefix=data["quote_before"],
                suffix=data["quote_after"],
                replacement=data["replacement"],
                actor=request.user,
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Your comment is added. The area's officers have been told.")
            return redirect(_thread_url(comment))
    return render_version(
        request,
        area,
        agreement,
        version,
        list(selectors.version_list(agreement=agreement)),
        failed_form=form,
        status=400,
    )


@area_view(methods=("POST",), guest=invited_to_agreement)
def reply_create(
    request: AuthenticatedRequest, area: Area, reference: str, comment_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    comment = _comment(agreement, comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_add(comment=comment, body=form.cleaned_data["body"], actor=request.user)
        except services.AgreementError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your reply is added.")
            return redirect(_thread_url(comment))
    # What was written stays in the box, with why it was not added beside it.
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Reply to a thread",
        intro=_thread_intro(comment),
        back_url=_thread_url(comment),
        status=400,
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def comment_resolve(
    request: AuthenticatedRequest, area: Area, reference: str, comment_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    comment = _comment(agreement, comment_id)
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_resolve(
                comment=comment,
                resolution=data["resolution"],
                note=data["note"],
                changed_in_version=data["changed_in_version"],
                actor=request.user,
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "The thread is resolved, and its author told.")
            return redirect(_thread_url(comment))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Resolve a thread",
        intro=_thread_intro(comment),
        back_url=_thread_url(comment),
    )


@area_view(methods=("POST",), guest=invited_to_agreement)
def comment_reopen(
    request: AuthenticatedRequest, area: Area, reference: str, comment_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    comment = _comment(agreement, comment_id)
    try:
        services.comment_reopen(comment=comment, actor=request.user)
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The thread is open again.")
    return redirect(_thread_url(comment))


def _suggestion(comment: Comment) -> Any:
    suggestion = getattr(comment, "suggestion", None)
    if suggestion is None:
        raise Http404
    return suggestion


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def suggestion_accept(
    request: AuthenticatedRequest, area: Area, reference: str, comment_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    comment = _comment(agreement, comment_id)
    try:
        services.suggestion_accept(suggestion=_suggestion(comment), actor=request.user)
    except (services.AgreementError, services.SectionConflict) as error:
        messages.error(request, str(error))
        return redirect(_thread_url(comment))
    messages.success(
        request,
        f"{comment.author.full_name}'s wording is in the draft. Issue a new version when ready.",
    )
    return redirect(f"{agreement.get_absolute_url()}#section-{comment.section_key}")


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def suggestion_reject(
    request: AuthenticatedRequest, area: Area, reference: str, comment_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    comment = _comment(agreement, comment_id)
    suggestion = _suggestion(comment)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label="Why is it not accepted?",
        submit="Turn the suggestion down",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_reject(
                suggestion=suggestion, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The suggestion is turned down, and its author told why.")
            return redirect(_thread_url(comment))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Turn down suggested wording",
        intro=f"\u201c{comment.quote}\u201d \u2192 \u201c{suggestion.replacement}\u201d",
        back_url=_thread_url(comment),
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def invitations(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_add(agreement=agreement, actor=request.user, **form.cleaned_data)
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, f"Invited {form.cleaned_data['email']} to review {agreement.reference}."
            )
            return redirect(request.path)
    return render(
        request,
        "agreements/invitations.html",
        {
            "area": area,
            "agreement": agreement,
            "form": form,
            "invitations": selectors.invitation_list(agreement=agreement),
        },
    )
