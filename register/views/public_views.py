"""The public's own view of a published agreement: the form, the page that says to check
your e-mail, and the page the e-mailed link opens to make the view count."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from agreements import services
from agreements.models import Publication, PublicStatus
from agreements.selectors import public as selectors
from partners.access import public_view
from partners.clients import client_address
from partners.limits import over_limit

from ..forms import PublicViewForm

# Views one network may send in an hour, and e-mails one address may be sent.
FROM_ONE_NETWORK = "20/h"
TO_ONE_ADDRESS = "3/h"


def _publication(reference: str) -> Publication:
    try:
        return selectors.publication_get(reference=reference)
    except Publication.DoesNotExist as exc:
        raise Http404 from exc


def _sent_url(publication: Publication) -> str:
    return reverse("register:public-view-sent", kwargs={"public_reference": publication.reference})


@public_view(methods=("GET", "POST"))
def public_view_give(request: HttpRequest, public_reference: str) -> HttpResponse:
    publication = _publication(public_reference)
    is_open = publication.comments_open and publication.status == PublicStatus.IN_FORCE
    questions = (publication.version.content.get("assessment") or {}).get("questions", [])
    form = PublicViewForm(request.POST if request.method == "POST" else None, questions=questions)
    status = 200
    if is_open and request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect(_sent_url(publication))
        email = form.cleaned_data["email"]
        if over_limit(
            request, group="public-view-sender", key=client_address(request), rate=FROM_ONE_NETWORK
        ) or over_limit(
            request, group="public-view-email", key=services.email_hash(email), rate=TO_ONE_ADDRESS
        ):
            return render(request, "register/too_many.html", status=429)
        try:
            services.public_view_submit(
                agreement=publication.agreement,
                email=email,
                scores=form.scores(),
                overall_position=form.cleaned_data["overall_position"],
                comment=form.cleaned_data["comment"],
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect(_sent_url(publication))
    if form.is_bound and form.errors:
        status = 400
    return render(
        request,
        "register/public_view_form.html",
        {"publication": publication, "form": form, "is_open": is_open},
        status=status,
    )


@public_view
def public_view_sent(request: HttpRequest, public_reference: str) -> HttpResponse:
    return render(
        request, "register/public_view_sent.html", {"publication": _publication(public_reference)}
    )


@public_view(methods=("GET", "POST"))
def public_view_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The page the e-mailed link opens. Opening it changes nothing (mail scanners open
    links too); the button confirms."""
    view = services.view_from_token(token)
    if view is None:
        return render(request, "register/public_view_confirm.html", {"view": None})
    if request.method == "POST" and view.confirmed_at is None:
        view = services.public_view_confirm(view=view)
        return render(
            request, "register/public_view_confirm.html", {"view": view, "just_confirmed": True}
        )
    return render(request, "register/public_view_confirm.html", {"view": view})
