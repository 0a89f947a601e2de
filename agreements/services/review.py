"""Review by civil society: comments anchored to a version's words, replies, suggested
wording, resolution, and the notifications they send. Every step is recorded in the
audit ledger."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.services import record_event
from notifications.services import notify
from partners import selectors as partner_selectors
from partners.models import Role, User

from .. import lifecycle
from ..anchoring import find_anchor, normalise, plain_text, plain_text_of_html
from ..models import (
    Agreement,
    Comment,
    CommentResolution,
    Reply,
    Suggestion,
    SuggestionState,
    Version,
)
from ..models.review import COMMENT_TEXT_LIMIT, QUOTE_LIMIT
from ..permissions import user_can_comment, user_can_resolve_comments
from .errors import AgreementError
from .section_html import version_sections_html

EMPTY_COMMENT = "Write your comment."
TOO_LONG = "A comment can be at most {limit:,} characters."
CLOSED = "Comments are open on the latest version while the agreement is in review; this version is closed."
NO_SECTION = "That section is not in this version."
QUOTE_NOT_FOUND = (
    "Those words are not in this section of this version. Select them again, or copy them "
    "exactly, or leave the quote empty to comment on the whole section."
)
QUOTE_TOO_LONG = "Quote at most {limit:,} characters; comment on the whole section instead."
SUGGESTION_NEEDS_QUOTE = "Quote the words your suggestion would replace."
NOT_ALLOWED = "You cannot comment on this agreement."
NOT_RESOLVER = "Only the area's officers resolve threads and decide on suggestions."
ALREADY_RESOLVED = "This thread is already resolved."
NOT_RESOLVED = "This thread is open."
REOPEN_TO_REPLY = "This thread is resolved. Reopen it to reply."
VERSION_NEEDED = "Say which version made the change."
NO_SUCH_LATER_VERSION = "There is no version {number} after the one commented on."
REASON_NEEDED = "Say why it is not accepted."
REVIEW_CLOSED = "Review of this agreement has closed: it is {status}."
REOPEN_WHO = "Only the person who commented, or the area's officers, can reopen a thread."
THREADS_OPEN_WHILE = lifecycle.states_allowing("answer_threads")


def _link(comment: Comment) -> str:

    path = reverse(
        "agreements:version",
        kwargs={
            "area_slug": comment.agreement.area.slug,
            "reference": comment.agreement.reference,
            "number": comment.anchor_version.number,
        },
    )
    return f"{str(settings.SITE_URL).rstrip('/')}{path}#comment-{comment.pk}"


def _officers(agreement: Agreement) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation__area=agreement.area,
            memberships__role=Role.OFFICER,
        ).distinct()
    )


def _lock_agreement(agreement_id: int) -> Agreement:
    """Every change to an agreement, its threads included, locks the agreement row
    first and only then anything else, so two changes never wait on each other in
    opposite orders (issuing a version re-anchors threads while holding it)."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=agreement_id)
    )


def _lock_thread(comment_id: int) -> Comment:
    agreement_id = Comment.objects.values_list("agreement_id", flat=True).get(pk=comment_id)
    _lock_agreement(agreement_id)
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("agreement__area", "version", "author", "resolved_by")
        .get(pk=comment_id)
    )


def _check_review_open(comment: Comment) -> None:
    agreement = comment.agreement
    if agreement.status not in THREADS_OPEN_WHILE:
        raise AgreementError(REVIEW_CLOSED.format(status=agreement.get_status_display().lower()))


def _check_text(body: str) -> str:
    text = body.strip()
    if not text:
        raise AgreementError(EMPTY_COMMENT, field="body")
    if len(text) > COMMENT_TEXT_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=COMMENT_TEXT_LIMIT), field="body")
    return text


def version_is_open_for_comment(version: Version, agreement: Agreement | None = None) -> bool:
    """Comments are taken on the latest version while the agreement is in review."""
    agreement = agreement or version.agreement
    latest = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return lifecycle.allows("comment", agreement.status) and version.number == latest


@transaction.atomic
def comment_add(
    *,
    version: Version,
    section_key: str,
    body: str,
    actor: User,
    quote: str = "",
    prefix: str = "",
    suffix: str = "",
    replacement: str | None = None,
) -> Comment:
    """Comment on a section of the latest version while it is in review: on a quoted
    passage (found in what readers see, disambiguated by the words around it) or on the
    whole section; optionally suggesting replacement wording for the quote.

    Raises AgreementError for an empty or over-long comment, a closed version, an
    unknown section, a quote not in the section, or a suggestion without a quote.
    Audit: ``comment.added`` (and ``suggestion.made``). Notifies the area's officers."""
    agreement = _lock_agreement(version.agreement_id)
    if not user_can_comment(actor, agreement):
        raise AgreementError(NOT_ALLOWED)
    text = _check_text(body)
    if not version_is_open_for_comment(version, agreement):
        raise AgreementError(CLOSED)
    section = next((s for s in version.content["sections"] if s["key"] == section_key), None)
    if section is None:
        raise AgreementError(NO_SECTION, field="section_key")
    quote = normalise(quote)
    if len(quote) > QUOTE_LIMIT:
        raise AgreementError(QUOTE_TOO_LONG.format(limit=QUOTE_LIMIT), field="quote")
    start = end = None
    if quote:
        shown = version_sections_html(version=version).get(section_key)
        words = plain_text_of_html(shown) if shown is not None else plain_text(section["text"])
        anchor = find_anchor(words, quote, prefix, suffix)
        if anchor is None:
            raise AgreementError(QUOTE_NOT_FOUND, field="quote")
        start, end, prefix, suffix = anchor.start, anchor.end, anchor.prefix, anchor.suffix
    if replacement is not None and replacement.strip() and not quote:
        raise AgreementError(SUGGESTION_NEEDS_QUOTE, field="quote")
    comment = Comment.objects.create(
        agreement=agreement,
        version=version,
        anchor_version=version,
        section_key=section_key,
        section_heading=section["heading"],
        quote=quote,
        prefix=prefix if quote else "",
        suffix=suffix if quote else "",
        start=start,
        end=end,
        body=text,
        author=actor,
        author_group=partner_selectors.stakeholder_group_of(user=actor, area=agreement.area),
    )
    suggestion = None
    if replacement is not None and replacement.strip():
        suggestion = Suggestion.objects.create(comment=comment, replacement=replacement.strip())
    what = "suggested new wording" if suggestion else "commented"
    for officer in _officers(agreement):
        if officer.pk != actor.pk:
            notify(
                user=officer,
                subject=f"{agreement.reference}: {actor.full_name} {what} on \u201c{section['heading']}\u201d",
                body=f"{actor.full_name} {what} on version {version.number} of {agreement.title}:\n\n"
                + (f"\u201c{quote}\u201d\n\n" if quote else "")
                + text
                + (f"\n\nSuggested wording: {suggestion.replacement}" if suggestion else "")
                + f"\n\n{_link(comment)}",
            )
    # The ledger last: its lock is held from the first append to the commit.
    record_event(
        actor=actor,
        verb="comment.added",
        target=agreement,
        area=agreement.area,
        data={
            "comment": comment.pk,
            "version": version.number,
            "section": section_key,
            "quote": quote,
            "text": text,
        },
    )
    if suggestion is not None:
        record_event(
            actor=actor,
            verb="suggestion.made",
            target=agreement,
            area=agreement.area,
            data={"comment": comment.pk, "quote": quote, "replacement": suggestion.replacement},
        )
    return comment


@transaction.atomic
def reply_add(*, comment: Comment, body: str, actor: User) -> Reply:
    """Reply in a thread that is open. Audit: ``comment.replied``. Notifies the others
    in the thread."""
    locked = _lock_thread(comment.pk)
    if not user_can_comment(actor, locked.agreement):
        raise AgreementError(NOT_ALLOWED)
    _check_review_open(locked)
    text = _check_text(body)
    if not locked.is_open:
        raise AgreementError(REOPEN_TO_REPLY)
    reply = Reply.objects.create(comment=locked, body=text, author=actor)
    people = {locked.author_id: locked.author} | {
        r.author_id: r.author for r in locked.replies.select_related("author")
    }
    for user in people.values():
        if user.pk != actor.pk:
            notify(
                user=user,
                subject=(
                    f"{locked.agreement.reference}: {actor.full_name} replied about "
                    f"\u201c{locked.section_heading}\u201d"
                ),
                body=f"{actor.full_name} replied:\n\n{text}\n\n{_link(locked)}",
            )
    record_event(
        actor=actor,
        verb="comment.replied",
        target=locked.agreement,
        area=locked.agreement.area,
        data={"comment": locked.pk, "reply": reply.pk, "text": text},
    )
    return reply


@transaction.atomic
def comment_resolve(
    *,
    comment: Comment,
    resolution: str,
    note: str,
    actor: User,
    changed_in_version: int | None = None,
) -> Comment:
    """Resolve a thread: accepted, changed in a later version (which must exist), or not
    accepted (saying why). Suggested wording still waiting is decided with it: taken in
    (by hand, when it could not be applied automatically) unless not accepted.
    Raises AgreementError otherwise. Audit: ``comment.resolved``. Notifies the comment's
    author."""
    locked = _lock_thread(comment.pk)
    if not user_can_resolve_comments(actor, locked.agreement.area):
        raise AgreementError(NOT_RESOLVER)
    if not locked.is_open:
        raise AgreementError(ALREADY_RESOLVED)
    if resolution not in CommentResolution.values:
        raise AgreementError("Choose how the thread was resolved.", field="resolution")
    if resolution == CommentResolution.CHANGED:
        if changed_in_version is None:
            raise AgreementError(VERSION_NEEDED, field="changed_in_version")
        if (
            changed_in_version <= locked.version.number
            or not locked.agreement.versions.filter(number=changed_in_version).exists()
        ):
            raise AgreementError(
                NO_SUCH_LATER_VERSION.format(number=changed_in_version), field="changed_in_version"
            )
    if resolution == CommentResolution.NOT_ACCEPTED and not note.strip():
        raise AgreementError(REASON_NEEDED, field="note")
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .filter(comment=locked, state=SuggestionState.OPEN)
        .first()
    )
    if suggestion is not None:
        not_accepted = resolution == CommentResolution.NOT_ACCEPTED
        suggestion.state = SuggestionState.REJECTED if not_accepted else SuggestionState.ACCEPTED
        suggestion.reason = note.strip() if not_accepted else ""
        suggestion.decided_by, suggestion.decided_at = actor, timezone.now()
        suggestion.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    locked.resolution, locked.resolution_note = resolution, note.strip()
    locked.resolved_in_version = (
        changed_in_version if resolution == CommentResolution.CHANGED else None
    )
    locked.resolved_by, locked.resolved_at = actor, timezone.now()
    locked.save(
        update_fields=[
            "resolution",
            "resolution_note",
            "resolved_in_version",
            "resolved_by",
            "resolved_at",
        ]
    )
    if locked.author_id != actor.pk:
        outcome = CommentResolution(resolution).label.lower()
        if resolution == CommentResolution.CHANGED:
            outcome = f"changed in version {changed_in_version}"
        notify(
            user=locked.author,
            subject=f"{locked.agreement.reference}: your comment on \u201c{locked.section_heading}\u201d was resolved",
            body=f"{actor.full_name} resolved your comment: {outcome}."
            + (f"\n\n{locked.resolution_note}" if locked.resolution_note else "")
            + f"\n\n{_link(locked)}",
        )
    record_event(
        actor=actor,
        verb="comment.resolved",
        target=locked.agreement,
        area=locked.agreement.area,
        data={
            "comment": locked.pk,
            "resolution": resolution,
            "note": locked.resolution_note,
            "version": changed_in_version,
            **({"suggestion": suggestion.state} if suggestion is not None else {}),
        },
    )
    return locked


@transaction.atomic
def comment_reopen(*, comment: Comment, actor: User) -> Comment:
    """Reopen a resolved thread, while review is still open. Only its author or an
    officer may. How it had been resolved, and by whom, is added to the thread as a
    note, and stays in the ledger. Audit: ``comment.reopened``."""
    locked = _lock_thread(comment.pk)
    if not user_can_comment(actor, locked.agreement):
        raise AgreementError(NOT_ALLOWED)
    if locked.author_id != actor.pk and not user_can_resolve_comments(actor, locked.agreement.area):
        raise AgreementError(REOPEN_WHO)
    _check_review_open(locked)
    if locked.is_open:
        raise AgreementError(NOT_RESOLVED)
    was = {
        "resolution": locked.resolution,
        "note": locked.resolution_note,
        "version": locked.resolved_in_version,
        "by": locked.resolved_by.full_name if locked.resolved_by else None,
        "at": locked.resolved_at.isoformat() if locked.resolved_at else None,
    }
    label = CommentResolution(locked.resolution).label.lower() if locked.resolution else "resolved"
    history = (
        f"Reopened by {actor.full_name}. It had been resolved as {label}"
        + (f" (version {locked.resolved_in_version})" if locked.resolved_in_version else "")
        + (f" by {was['by']}" if was["by"] else "")
        + (f" on {locked.resolved_at:%-d %B %Y}" if locked.resolved_at else "")
        + (f": {locked.resolution_note}" if locked.resolution_note else ".")
    )
    Reply.objects.create(comment=locked, body=history, author=actor)
    locked.resolution, locked.resolution_note, locked.resolved_in_version = "", "", None
    locked.resolved_by = locked.resolved_at = None
    locked.save(
        update_fields=[
            "resolution",
            "resolution_note",
            "resolved_in_version",
            "resolved_by",
            "resolved_at",
        ]
    )
    record_event(
        actor=actor,
        verb="comment.reopened",
        target=locked.agreement,
        area=locked.agreement.area,
        data={"comment": locked.pk, "was": was},
    )
    return locked
