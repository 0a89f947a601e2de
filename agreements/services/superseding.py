"""Marking sign-offs superseded: kept, never deleted, no longer counted."""

from django.db.models import Q
from django.utils import timezone

from ..models import Agreement, SignOff


def signoffs_supersede(*, agreement: Agreement, reason: str, keep_signed: bool = True) -> int:
    """Mark the agreement's live sign-offs superseded, saying why. With ``keep_signed``,
    the sign-offs of the version the agreement was signed on stay live: they are what
    is in force until another version is signed. Call with the agreement row locked.
    Returns how many were marked."""
    live = SignOff.objects.filter(agreement=agreement, superseded_at=None)
    if keep_signed and agreement.signed_version_id is not None:
        live = live.filter(~Q(version_id=agreement.signed_version_id))
    return live.update(superseded_at=timezone.now(), superseded_reason=reason[:300])
