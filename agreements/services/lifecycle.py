"""Moving an agreement through its life: versions, review, sign-off, publication,
withdrawal, lapsing and revision. Each step is a guarded service that records an audit
event in the same transaction. Adoption by another area is in adoption."""

from django.db import transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from audit.models import Event
from audit.services import events_last, record_event
from partners.models import User

from .. import lifecycle
from ..completeness import Gap
from ..models import Agreement, AgreementStatus, PublicStatus, Version
from ..snapshot import (
    SNAPSHOT_SCHEMA,
    assessment_is_blank,
    assessment_sha256,
    build_assessment,
    build_snapshot,
    canonical,
    sha256,
)
from . import errors
from .drafting import _lock
from .errors import AgreementError
from .publication import publication_mark, publication_write
from .review_versions import comments_reanchor, notify_version_open
from .section_html import version_sections_html
from .superseding import signoffs_supersede

S = AgreementStatus


class Incomplete(AgreementError):
    """Not ready for sign-off; ``gaps`` says what is missing."""

    def __init__(self, gaps: list[Gap]) -> None:
        super().__init__(
            errors.INCOMPLETE.format(count=len(gaps), plural="" if len(gaps) == 1 else "s")
        )
        self.gaps = gaps


def _require(agreement: Agreement, action: str) -> None:
    """Raise AgreementError unless the lifecycle table allows ``action`` now."""
    if not lifecycle.allows(action, agreement.status):
        raise AgreementError(lifecycle.wrong_state_message(agreement.status))


def _move(
    agreement: Agreement, to: str, actor: User | None, verb: str, **data: object
) -> Agreement:
    before = agreement.status
    agreement.status = to
    agreement.save(update_fields=["status", "status_note", "updated_at"])
    record_event(
        actor=actor,
        verb=verb,
        target=agreement,
        area=agreement.area,
        data={"status": {"from": before, "to": to}, **data},
    )
    return agreement


def working_copy_hash(agreement: Agreement, schema: int | str | None = None) -> str:
    """The hash the working copy would have as a version; with ``schema``, as a
    version of that (earlier) snapshot schema would have it, to compare with one."""
    return sha256(canonical(build_snapshot(agreement, int(schema or SNAPSHOT_SCHEMA))))


def _latest(agreement: Agreement) -> Version | None:
    """The latest version's number, hash and snapshot schema, without its content."""
    return (
        agreement.versions.order_by("-number")
        .only("number", "sha256")
        .annotate(schema=KT("content__schema"))
        .first()
    )


def differs_from(agreement: Agreement, version: Version) -> bool:
    """Whether the working copy differs from ``version`` (one from ``_latest`` or the
    version list, which carry its schema). A version frozen before assessments were part
    of the snapshot differs once the assessment has anything in it."""
    schema = getattr(version, "schema", None)
    if working_copy_hash(agreement, schema) != version.sha256:
        return True
    return int(schema or SNAPSHOT_SCHEMA) < 3 and not assessment_is_blank(
        build_assessment(agreement)
    )


@transaction.atomic
def version_issue(*, agreement: Agreement, actor: User, note: str = "") -> Version:
    """Freeze everything in the agreement as the next version and open it for review:
    open threads move to it where their words still stand (or are marked outdated), and
    the area's reviewers and the agreement's invited reviewers are told.

    Raises AgreementError unless the agreement is a draft or in review, or when nothing
    changed since the last version. Audit: ``comments.reanchored`` (when threads moved
    or were left behind) and ``version.issued`` with its SHA-256 and its assessment's,
    recorded last so the ledger is held only for the appends."""
    locked = _lock(agreement)
    _require(locked, "issue_version")
    snapshot = build_snapshot(locked)
    text = canonical(snapshot)
    digest = sha256(text)
    latest = _latest(locked)
    if latest is not None and not differs_from(locked, latest):
        raise AgreementError(errors.NOTHING_NEW.format(number=latest.number))
    number = latest.number + 1 if latest else 1
    version = Version.objects.create(
        agreement=locked,
        number=number,
        content=snapshot,
        canonical=text,
        sha256=digest,
        assessment_sha256=assessment_sha256(snapshot),
        note=note.strip(),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    # Sign-offs on earlier versions no longer count (those of a signed version stay: it
    # is in force until this one is signed).
    superseded = signoffs_supersede(
        agreement=locked, reason=f"Version {number} was issued after it."
    )
    notify_version_open(agreement=locked, version=version)
    # What reviewers read, and the text threads are found again in, rendered once now
    # (sections unchanged since the version before keep its HTML).
    previous = (
        Version.objects.only("content").get(agreement=locked, number=latest.number)
        if latest is not None
        else None
    )
    shown = version_sections_html(version=version, previous=previous)
    moved, outdated = comments_reanchor(agreement=locked, version=version, sections_html=shown)
    before = locked.status
    locked.status = lifecycle.leads_to("issue_version")
    locked.save(update_fields=["status", "status_note", "updated_at"])
    # The ledger last: its lock is held from the first append to the commit (and who
    # issued it is looked up before either append).
    with events_last():
        if moved or outdated:
            record_event(
                actor=None,
                verb="comments.reanchored",
                target=locked,
                area=locked.area,
                data={"version": number, "moved": moved, "outdated": outdated},
            )
        record_event(
            actor=actor,
            verb="version.issued",
            target=locked,
            area=locked.area,
            data={
                "status": {"from": before, "to": locked.status},
                "version": number,
                "sha256": digest,
                "assessment_sha256": version.assessment_sha256,
                "note": version.note,
                **({"signoffs_superseded": superseded} if superseded else {}),
            },
        )
    return version


RESUME_NEEDS_MATCH = "The draft has changes since version {number}: issue them as a new version."
RESUME_NOT_A_REVIEW = (
    "This draft is a new revision of a signed agreement: change it and issue a new version."
)


def review_was_interrupted(agreement: Agreement) -> bool:
    """Whether the draft came back from review or sign-off (rather than starting a new
    revision of a signed agreement), according to the ledger's last move to draft."""
    last = (
        Event.objects.filter(
            target_type="agreements.agreement",
            target_id=str(agreement.pk),
            data__status__to=S.DRAFT,
        )
        .order_by("-seq")
        .values_list("data", flat=True)
        .first()
    )
    return last is not None and last["status"]["from"] in (S.IN_REVIEW, S.AWAITING_SIGNOFF)


@transaction.atomic
def agreement_resume_review(*, agreement: Agreement, actor: User) -> Agreement:
    """Put a draft back in review when nothing differs from its latest version (an
    edit made while it awaited sign-off was undone, say), without issuing the same
    text again. Not for a new revision of a signed agreement: what was signed is not
    reviewed again. Raises AgreementError otherwise. Audit: ``agreement.review_resumed``."""
    locked = _lock(agreement)
    _require(locked, "resume_review")
    latest = _latest(locked)
    if latest is None:
        raise AgreementError(errors.NO_VERSION)
    if not review_was_interrupted(locked):
        raise AgreementError(RESUME_NOT_A_REVIEW)
    if differs_from(locked, latest):
        raise AgreementError(RESUME_NEEDS_MATCH.format(number=latest.number))
    return _move(locked, S.IN_REVIEW, actor, "agreement.review_resumed", version=latest.number)


@transaction.atomic
def agreement_publish(*, agreement: Agreement, actor: User) -> Agreement:
    """Put a signed agreement on the public register: the version every party signed,
    in force, in place of any version published before. Audit: ``agreement.published``."""
    locked = _lock(agreement)
    _require(locked, "publish")
    latest = locked.signed_version or locked.versions.order_by("-number").first()
    assert latest is not None
    publication_write(agreement=locked, version=latest)
    return _move(
        locked,
        S.PUBLISHED,
        actor,
        "agreement.published",
        version=latest.number,
        sha256=latest.sha256,
    )


@transaction.atomic
def agreement_withdraw(*, agreement: Agreement, actor: User, reason: str) -> Agreement:
    """Stop the agreement, saying why. Its versions stay on record.
    Audit: ``agreement.withdrawn``."""
    if not reason.strip():
        raise AgreementError(errors.REASON_NEEDED, field="reason")
    locked = _lock(agreement)
    _require(locked, "withdraw")
    locked.status_note = reason.strip()
    superseded = signoffs_supersede(agreement=locked, reason="The agreement was withdrawn.")
    publication_mark(agreement=locked, status=PublicStatus.WITHDRAWN, note=locked.status_note)
    return _move(
        locked,
        S.WITHDRAWN,
        actor,
        "agreement.withdrawn",
        reason=locked.status_note,
        **({"signoffs_superseded": superseded} if superseded else {}),
    )


@transaction.atomic
def agreement_lapse(*, agreement: Agreement) -> Agreement:
    """Mark a signed or published agreement whose review date has passed as lapsed.
    Raises AgreementError if its review date has not passed. Audit: ``agreement.lapsed``
    (by the system)."""
    locked = _lock(agreement)
    _require(locked, "lapse")
    if locked.review_date is None or locked.review_date >= timezone.localdate():
        raise AgreementError("Its review date has not passed.")
    locked.status_note = f"Review date {locked.review_date:%-d %B %Y} passed without a review."
    publication_mark(agreement=locked, status=PublicStatus.LAPSED, note=locked.status_note)
    return _move(
        locked, S.LAPSED, None, "agreement.lapsed", review_date=locked.review_date.isoformat()
    )


def lapse_overdue_agreements() -> int:
    """Lapse every signed or published agreement past its review date. Returns how many."""
    overdue = Agreement.objects.filter(
        status__in=lifecycle.states_allowing("lapse"), review_date__lt=timezone.localdate()
    ).values_list("pk", flat=True)
    count = 0
    for pk in overdue:
        try:
            agreement_lapse(agreement=Agreement.objects.get(pk=pk))
            count += 1
        except AgreementError:
            continue  # changed meanwhile
    return count


@transaction.atomic
def agreement_start_revision(*, agreement: Agreement, actor: User) -> Agreement:
    """Start a new draft of an agreement awaiting sign-off (after a party declined, say),
    signed, published or lapsed. What was signed stays as it is, in its version, and in
    force until a new version is signed; sign-offs still pending are superseded. The
    next version will be a new one to review and sign.
    Audit: ``agreement.revision_started``."""
    locked = _lock(agreement)
    _require(locked, "start_revision")
    locked.status_note = ""
    superseded = signoffs_supersede(
        agreement=locked, reason="A revision was started before every party had signed."
    )
    return _move(
        locked,
        S.DRAFT,
        actor,
        "agreement.revision_started",
        **({"signoffs_superseded": superseded} if superseded else {}),
    )
