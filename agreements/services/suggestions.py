"""Suggested wording, decided on by the area's officers: accepted (applied to the draft,
credited to whoever suggested it) or turned down with a reason. Either way the thread is
resolved with it. Recorded in the audit ledger."""

from django.db import transaction
from django.utils import timezone

from audit.services import events_last, record_event
from partners.models import User

from ..anchoring import normalise, plain_text, replace_in_source
from ..models import CommentResolution, Section, Suggestion, SuggestionState
from ..permissions import user_can_resolve_comments
from ..rendering import fill_placeholders
from ..snapshot import placeholder_values
from .drafting import section_save
from .errors import AgreementError
from .review import NOT_RESOLVER, REASON_NEEDED, _lock_thread, comment_resolve

SUGGESTION_DECIDED = "This suggestion has already been decided."
NOT_IN_DRAFT = (
    "The quoted words are no longer in the draft exactly once, so the suggestion cannot be "
    "applied automatically. Edit the section by hand, then resolve the thread as accepted."
)


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, actor: User) -> Section:
    """Apply suggested wording to the draft, credited to its author, and resolve the
    thread as accepted. Raises AgreementError when the quoted words are no longer in
    the draft exactly once (the officer then edits by hand) or the agreement cannot
    change. Audit: ``suggestion.accepted`` and ``section.saved``."""
    _lock_thread(suggestion.comment_id)
    locked = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("comment__agreement__area", "comment__author")
        .get(pk=suggestion.pk)
    )
    comment = locked.comment
    if not user_can_resolve_comments(actor, comment.agreement.area):
        raise AgreementError(NOT_RESOLVER)
    if locked.state != SuggestionState.OPEN:
        raise AgreementError(SUGGESTION_DECIDED)
    section = Section.objects.select_for_update(of=("self",)).get(
        agreement=comment.agreement, key=comment.section_key
    )
    # The words must be in what readers see exactly once, and in the source exactly
    # once: then both are the same words, not a namesake filled in by a placeholder.
    shown = plain_text(fill_placeholders(section.body, placeholder_values(comment.agreement)))
    new_body = replace_in_source(section.body, comment.quote, locked.replacement)
    if new_body is None or shown.count(normalise(comment.quote)) != 1:
        raise AgreementError(NOT_IN_DRAFT)
    locked.state, locked.decided_by, locked.decided_at = (
        SuggestionState.ACCEPTED,
        actor,
        timezone.now(),
    )
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    with events_last():
        saved = section_save(
            section=section, body=new_body, base_revision=section.revision, actor=actor
        )
        record_event(
            actor=actor,
            verb="suggestion.accepted",
            target=comment.agreement,
            area=comment.agreement.area,
            data={
                "comment": comment.pk,
                "suggested_by": comment.author.full_name,
                "quote": comment.quote,
                "replacement": locked.replacement,
                "section": comment.section_key,
            },
        )
        comment_resolve(
            comment=comment,
            resolution=CommentResolution.ACCEPTED,
            note=f"Suggested wording by {comment.author.full_name} applied to the draft.",
            actor=actor,
        )
    return saved


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, actor: User, reason: str) -> Suggestion:
    """Turn suggested wording down, saying why; the thread is resolved as not accepted.
    Audit: ``suggestion.rejected``."""
    if not reason.strip():
        raise AgreementError(REASON_NEEDED, field="reason")
    _lock_thread(suggestion.comment_id)
    locked = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("comment__agreement__area")
        .get(pk=suggestion.pk)
    )
    if not user_can_resolve_comments(actor, locked.comment.agreement.area):
        raise AgreementError(NOT_RESOLVER)
    if locked.state != SuggestionState.OPEN:
        raise AgreementError(SUGGESTION_DECIDED)
    locked.state, locked.decided_by, locked.decided_at, locked.reason = (
        SuggestionState.REJECTED,
        actor,
        timezone.now(),
        reason.strip(),
    )
    locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    with events_last():
        record_event(
            actor=actor,
            verb="suggestion.rejected",
            target=locked.comment.agreement,
            area=locked.comment.agreement.area,
            data={"comment": locked.comment_id, "reason": locked.reason},
        )
        if locked.comment.is_open:
            comment_resolve(
                comment=locked.comment,
                resolution=CommentResolution.NOT_ACCEPTED,
                note=reason,
                actor=actor,
            )
    return locked
