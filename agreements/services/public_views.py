"""The public's own view of a published agreement: while officers hold it open, anyone
may score the same questions and leave a comment, without an account. A view counts
once confirmed through a link e-mailed to the address given, one per address per
version. The address is deleted once confirmed, or with the view after seven days
unconfirmed; the ledger only ever holds a keyed hash of it."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.services import record_event
from notifications.outbox import enqueue
from partners.models import User

from .. import lifecycle
from ..models import (
    Agreement,
    OverallPosition,
    Publication,
    PublicStatus,
    PublicView,
    PublicViewScore,
)
from ..models.public import PUBLIC_COMMENT_LIMIT
from ..permissions import user_can_edit_agreements
from .drafting import _lock
from .errors import AgreementError

CONFIRM_WITHIN = timedelta(days=7)
CONFIRM_SALT = "agreements.public-view.confirm"
EMAIL_HASH_SALT = "agreements.public-view.email"

NOT_OPEN = "This agreement is not open for the public's views just now."
NOT_IN_FORCE = "Only an agreement in force on the public register can be opened to the public."
NOT_PUBLISHED = "This agreement is not on the public register."
ALREADY_OPEN = "It is already open for the public's views."
ALREADY_CLOSED = "It is already closed to the public's views."
POSITION_NEEDED = "Choose where you think the balance falls."
SCORE_OUT_OF_RANGE = "Choose a score from 1 to 5."
UNKNOWN_QUESTION = "That question is not asked of this agreement."
TOO_LONG = "Write at most {limit:,} characters."
REASON_NEEDED = "Say why it is hidden."
NOT_HIDEABLE = "Only a counted comment can be hidden."
ALREADY_HIDDEN = "That comment is already hidden."
NOT_ALLOWED = "Only the area's officers can do this."


def email_hash(email: str) -> str:
    """A keyed hash of an e-mail address (HMAC-SHA256 with a key derived from the
    PUBLIC_EMAIL_HASH_KEY setting): the same address always gives the same hash here,
    and no one without the key can tell which address it is."""
    key = settings.PUBLIC_EMAIL_HASH_KEY
    return salted_hmac(
        EMAIL_HASH_SALT, email.strip().lower(), secret=key, algorithm="sha256"
    ).hexdigest()


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=CONFIRM_SALT)


def confirmation_token(view: PublicView) -> str:
    return _signer().sign(f"{view.pk}.{view.nonce}")


def view_from_token(token: str) -> PublicView | None:
    """The unconfirmed or confirmed view a confirmation link is for, or None when the
    link is not one of ours, has expired (after seven days) or was replaced by a later
    submission from the same address."""
    try:
        value = _signer().unsign(token[:300], max_age=CONFIRM_WITHIN)
    except signing.BadSignature:
        return None
    pk, _, nonce = value.partition(".")
    if not pk.isdigit():
        return None
    return (
        PublicView.objects.select_related("agreement__area", "version")
        .filter(pk=int(pk), nonce=nonce)
        .first()
    )


def _lock_publication(agreement: Agreement) -> Publication:
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("version")
        .filter(agreement=agreement)
        .first()
    )
    if publication is None:
        raise AgreementError(NOT_PUBLISHED)
    return publication


def _clean_scores(
    frozen: dict[str, Any] | None, scores: dict[str, int | None]
) -> list[tuple[str, str, int]]:
    tests = {q["code"]: q["test"] for q in (frozen or {}).get("questions", [])}
    cleaned = []
    for code, score in scores.items():
        if score is None:
            continue
        if code not in tests:
            raise AgreementError(UNKNOWN_QUESTION, field=code)
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise AgreementError(SCORE_OUT_OF_RANGE, field=code)
        cleaned.append((code, tests[code], score))
    return cleaned


@transaction.atomic
def public_view_submit(
    *,
    agreement: Agreement,
    email: str,
    scores: dict[str, int | None],
    overall_position: int | None,
    comment: str,
) -> None:
    """Take a member of the public's view of the published version and e-mail them the
    link that makes it count. A second submission from the same address, before it is
    confirmed, replaces the first (and the first link stops working); once confirmed,
    nothing more is taken from that address for this version, and the caller cannot
    tell which happened, so the form never reveals whether an address was used.

    Raises AgreementError when the agreement is not open for views or the answers are
    out of range. No audit event: only confirmed views are recorded."""
    publication = _lock_publication(agreement)
    if not publication.comments_open or publication.status != PublicStatus.IN_FORCE:
        raise AgreementError(NOT_OPEN)
    if overall_position not in OverallPosition.values:
        raise AgreementError(POSITION_NEEDED, field="overall_position")
    text = comment.replace("\r\n", "\n").strip()
    if len(text) > PUBLIC_COMMENT_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=PUBLIC_COMMENT_LIMIT), field="comment")
    version = publication.version
    cleaned = _clean_scores(version.content.get("assessment"), scores)
    address = email.strip().lower()
    digest = email_hash(address)
    existing = (
        PublicView.objects.select_for_update().filter(version=version, email_hash=digest).first()
    )
    if existing is not None and existing.confirmed_at is not None:
        return
    values = {
        "email": address,
        "nonce": secrets.token_hex(16),
        "overall_position": overall_position,
        "comment": text,
        "created_at": timezone.now(),
    }
    if existing is None:
        try:
            with transaction.atomic():
                view = PublicView.objects.create(
                    agreement=agreement, version=version, email_hash=digest, **values
                )
        except IntegrityError:
            # The same address, submitted at the same moment: keep the one that won.
            return
    else:
        view = existing
        for name, value in values.items():
            setattr(view, name, value)
        view.save(update_fields=list(values))
        view.scores.all().delete()
    PublicViewScore.objects.bulk_create(
        PublicViewScore(view=view, question_code=code, test=test, score=score)
        for code, test, score in cleaned
    )
    enqueue(
        "agreements.tasks.send_public_view_confirmation_task",
        area=agreement.area,
        description=f"Confirmation link for a public view of {agreement.reference}",
        public_view_id=view.pk,
    )


def public_view_send_confirmation(*, public_view_id: int) -> bool:
    """E-mail the confirmation link for one unconfirmed view; nothing for a view since
    confirmed or deleted. Returns whether it was sent."""
    view = (
        PublicView.objects.select_related("agreement")
        .filter(pk=public_view_id, confirmed_at=None)
        .exclude(email="")
        .first()
    )
    if view is None:
        return False
    site = str(settings.SITE_URL).rstrip("/")
    link = site + reverse(
        "register:public-view-confirm", kwargs={"token": confirmation_token(view)}
    )
    title = " ".join(view.agreement.title.split())
    body = (
        f'You gave your view of "{title}" ({view.agreement.reference}) on the public '
        "register of data-sharing agreements.\n\n"
        f"To make it count, open this link within 7 days and press the button:\n{link}\n\n"
        "If you did not do this, ignore this e-mail. Nothing is counted, and we delete "
        "your address within 7 days.\n\n"
        "Once you confirm, we delete your e-mail address. We keep only a code made from "
        "it, so that each address counts once, and no one can work the address out from "
        "the code."
    )
    send_mail(
        subject=f"Confirm your view of {view.agreement.reference}",
        message=body,
        from_email=None,
        recipient_list=[view.email],
    )
    return True


@transaction.atomic
def public_view_confirm(*, view: PublicView) -> PublicView:
    """Count a view: mark it confirmed, delete the address and record it in the ledger
    with the address's keyed hash, never the address. Confirming twice changes nothing.
    Audit: ``public_view.confirmed``."""
    locked = PublicView.objects.select_for_update().select_related("version").get(pk=view.pk)
    if locked.confirmed_at is not None:
        return locked
    locked.confirmed_at = timezone.now()
    locked.email = ""
    locked.save(update_fields=["confirmed_at", "email"])
    scores = dict(locked.scores.values_list("question_code", "score"))
    record_event(
        actor=None,
        verb="public_view.confirmed",
        target=locked,
        area=view.agreement.area,
        data={
            "reference": view.agreement.reference,
            "version": locked.version.number,
            "email_hash": locked.email_hash,
            "overall_position": locked.overall_position,
            "scores": scores,
            "comment_sha256": hashlib.sha256(locked.comment.encode()).hexdigest()
            if locked.comment
            else "",
        },
    )
    return locked


def public_views_purge(*, now: Any = None) -> int:
    """Delete the views (with their addresses) left unconfirmed for seven days, and
    make sure no confirmed view still holds an address. Returns how many were deleted."""
    moment = now or timezone.now()
    stale = PublicView.objects.filter(confirmed_at=None, created_at__lt=moment - CONFIRM_WITHIN)
    _, deleted = stale.delete()
    PublicView.objects.exclude(confirmed_at=None).exclude(email="").update(email="")
    return deleted.get(PublicView._meta.label, 0)


def _require_officer(agreement: Agreement, actor: User, action: str) -> None:
    if not user_can_edit_agreements(actor, agreement.area):
        raise AgreementError(NOT_ALLOWED)
    if not lifecycle.allows(action, agreement.status):
        raise AgreementError(lifecycle.wrong_state_message(agreement.status))


@transaction.atomic
def public_comment_open(*, agreement: Agreement, actor: User) -> Publication:
    """Open a published agreement in force to the public's views of its published
    version. Raises AgreementError otherwise. Audit: ``agreement.public_comment_opened``."""
    locked = _lock(agreement)
    _require_officer(locked, actor, "open_public_comment")
    publication = _lock_publication(locked)
    if publication.status != PublicStatus.IN_FORCE:
        raise AgreementError(NOT_IN_FORCE)
    if publication.comments_open:
        raise AgreementError(ALREADY_OPEN)
    return _set_window(publication, locked, actor, is_open=True)


@transaction.atomic
def public_comment_close(*, agreement: Agreement, actor: User) -> Publication:
    """Stop taking the public's views; those given stay counted and shown.
    Audit: ``agreement.public_comment_closed``."""
    locked = _lock(agreement)
    _require_officer(locked, actor, "close_public_comment")
    publication = _lock_publication(locked)
    if not publication.comments_open:
        raise AgreementError(ALREADY_CLOSED)
    return _set_window(publication, locked, actor, is_open=False)


def _set_window(
    publication: Publication, agreement: Agreement, actor: User, *, is_open: bool
) -> Publication:
    now = timezone.now()
    publication.comments_open = is_open
    publication.comments_changed_at = now
    publication.changed_at = now
    publication.save(update_fields=["comments_open", "comments_changed_at", "changed_at"])
    record_event(
        actor=actor,
        verb="agreement.public_comment_opened" if is_open else "agreement.public_comment_closed",
        target=agreement,
        area=agreement.area,
        data={"version": publication.version.number},
    )
    return publication


@transaction.atomic
def public_view_hide(*, view: PublicView, actor: User, reason: str) -> PublicView:
    """Hide a counted view's comment from every public page and export, saying why. Its
    scores still count. Raises AgreementError without a reason, for a view not yet
    counted or without a comment, or for someone who is not an officer of the area.
    Audit: ``public_view.hidden`` with the reason."""
    text = reason.strip()
    if not text:
        raise AgreementError(REASON_NEEDED, field="reason")
    if len(text) > PUBLIC_COMMENT_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=PUBLIC_COMMENT_LIMIT), field="reason")
    agreement = _lock(view.agreement)
    _require_officer(agreement, actor, "hide_public_comment")
    locked = PublicView.objects.select_for_update().select_related("version").get(pk=view.pk)
    if locked.confirmed_at is None or not locked.comment:
        raise AgreementError(NOT_HIDEABLE)
    if locked.hidden_at is not None:
        raise AgreementError(ALREADY_HIDDEN)
    locked.hidden_at = timezone.now()
    locked.hidden_reason = text
    locked.hidden_by = actor
    locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    Publication.objects.filter(agreement=agreement).update(changed_at=locked.hidden_at)
    record_event(
        actor=actor,
        verb="public_view.hidden",
        target=locked,
        area=agreement.area,
        data={
            "reference": agreement.reference,
            "version": locked.version.number,
            "reason": text,
        },
    )
    return locked
