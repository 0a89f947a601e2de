"""Asking for sign-off: once the latest version is complete and matches the working copy,
each party's signatory is asked to sign off that version and its trade-off. Records an
audit event carrying the version's and the assessment's SHA-256."""

from django.db import transaction
from django.urls import reverse

from notifications.services import notify
from partners.models import User

from .. import lifecycle
from ..completeness import completeness_gaps
from ..models import Agreement, Party
from ..selectors import unresolved_threads
from . import errors
from .drafting import _lock
from .errors import AgreementError
from .signoff import _latest, _site_url

OPEN_THREADS = (
    "{count} review thread{plural} {verb} still unresolved. Confirm that sign-off should go "
    "ahead and say why."
)


class OpenThreads(AgreementError):
    """Sign-off was asked for while review threads are unresolved, without a reason."""

    def __init__(self, count: int) -> None:
        super().__init__(
            OPEN_THREADS.format(
                count=count, plural="" if count == 1 else "s", verb="is" if count == 1 else "are"
            ),
            field="reason",
        )
        self.count = count


def _signoff_url(agreement: Agreement) -> str:
    return _site_url(
        reverse(
            "agreements:sign-off",
            kwargs={"area_slug": agreement.area.slug, "reference": agreement.reference},
        )
    )


@transaction.atomic
def agreement_request_signoff(*, agreement: Agreement, actor: User, reason: str = "") -> Agreement:
    """Ask each party's signatory to sign off the latest version and its trade-off.

    Raises Incomplete (from lifecycle) with every gap when it is not ready; AgreementError
    when the working copy has changed since the last version (signatories sign exactly
    what reviewers saw); OpenThreads when review threads are unresolved and no reason is
    given for going ahead. Audit: ``agreement.signoff_requested`` with both hashes and,
    if threads were open, how many and the reason. Tells each signatory."""
    from .lifecycle import Incomplete, _move, differs_from
    from .lifecycle import _latest as latest_with_schema

    locked = _lock(agreement)
    if not lifecycle.allows("request_signoff", locked.status):
        raise AgreementError(lifecycle.wrong_state_message(locked.status))
    latest = latest_with_schema(locked)
    if latest is None:
        raise AgreementError(errors.NO_VERSION)
    if differs_from(locked, latest):
        raise AgreementError(errors.UNPUBLISHED_CHANGES)
    if gaps := completeness_gaps(locked):
        raise Incomplete(gaps)
    version = _latest(locked)
    open_threads = unresolved_threads(version=version).count()
    reason = reason.strip()
    if open_threads and not reason:
        raise OpenThreads(open_threads)
    locked.status_note = ""
    extra = {"open_threads": open_threads, "reason": reason} if open_threads else {}
    _move(
        locked,
        lifecycle.leads_to("request_signoff"),
        actor,
        "agreement.signoff_requested",
        version=version.number,
        sha256=version.sha256,
        assessment_sha256=version.assessment_sha256,
        **extra,
    )
    url = _signoff_url(locked)
    for party in Party.objects.filter(agreement=locked).select_related("signatory", "organisation"):
        if party.signatory is not None:
            notify(
                user=party.signatory,
                subject=f"{locked.reference}: your sign-off is asked for",
                body=(
                    f"{actor.full_name} asks you to sign off version {version.number} of "
                    f"{locked.title} ({locked.area.name}) for {party.organisation.name}, with "
                    f"the trade-off between public benefit and privacy it sets out.\n\n"
                    f"Read it and decide: {url}"
                ),
            )
    return locked
