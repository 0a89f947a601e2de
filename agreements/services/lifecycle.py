"""Moving an agreement through its life: versions, review, sign-off, publication,
withdrawal, lapsing, revision, and adoption by another area. Each step is a guarded
service that records an audit event in the same transaction."""

from django.db import transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from audit.models import Event
from audit.services import record_event
from partners.models import Area, Organisation, User

from ..completeness import Gap, completeness_gaps
from ..models import (
    Agreement,
    AgreementGateway,
    AgreementStatus,
    CategoryBasis,
    Party,
    Section,
    Version,
)
from ..snapshot import SNAPSHOT_SCHEMA, build_snapshot, canonical, sha256
from . import errors
from .drafting import _lock, _next_reference
from .errors import AgreementError
from .review import comments_reanchor, notify_version_open

S = AgreementStatus


class Incomplete(AgreementError):
    """Not ready for sign-off; ``gaps`` says what is missing."""

    def __init__(self, gaps: list[Gap]) -> None:
        super().__init__(
            errors.INCOMPLETE.format(count=len(gaps), plural="" if len(gaps) == 1 else "s")
        )
        self.gaps = gaps


def _require(agreement: Agreement, *allowed: str) -> None:
    if agreement.status not in allowed:
        raise AgreementError(
            errors.WRONG_STATE.format(status=agreement.get_status_display().lower())
        )


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
    version list, which carry its schema)."""
    schema = getattr(version, "schema", None)
    return working_copy_hash(agreement, schema) != version.sha256


@transaction.atomic
def version_publish(*, agreement: Agreement, actor: User, note: str = "") -> Version:
    """Freeze everything in the agreement as the next version and open it for review:
    open threads move to it where their words still stand (or are marked outdated), and
    the area's reviewers and the agreement's invited reviewers are told.

    Raises AgreementError unless the agreement is a draft or in review, or when nothing
    changed since the last version. Audit: ``version.published`` with its SHA-256."""
    locked = _lock(agreement)
    _require(locked, S.DRAFT, S.IN_REVIEW)
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
        note=note.strip(),
        published_by=actor,
        published_at=timezone.now(),
    )
    _move(
        locked,
        S.IN_REVIEW,
        actor,
        "version.published",
        version=number,
        sha256=digest,
        note=version.note,
    )
    comments_reanchor(agreement=locked, version=version)
    notify_version_open(agreement=locked, version=version)
    return version


RESUME_NEEDS_MATCH = "The draft has changes since version {number}: publish them as a new version."
RESUME_NOT_A_REVIEW = (
    "This draft is a new revision of a signed agreement: change it and publish a new version."
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
    edit made while it awaited sign-off was undone, say), without publishing the same
    text again. Not for a new revision of a signed agreement: what was signed is not
    reviewed again. Raises AgreementError otherwise. Audit: ``agreement.review_resumed``."""
    locked = _lock(agreement)
    _require(locked, S.DRAFT)
    latest = _latest(locked)
    if latest is None:
        raise AgreementError(errors.NO_VERSION)
    if not review_was_interrupted(locked):
        raise AgreementError(RESUME_NOT_A_REVIEW)
    if differs_from(locked, latest):
        raise AgreementError(RESUME_NEEDS_MATCH.format(number=latest.number))
    return _move(locked, S.IN_REVIEW, actor, "agreement.review_resumed", version=latest.number)


@transaction.atomic
def agreement_request_signoff(*, agreement: Agreement, actor: User) -> Agreement:
    """Ask the parties' signatories to sign off the latest version.

    Raises Incomplete with every gap when it is not ready, and AgreementError when the
    working copy has changed since the last version (signatories sign exactly what
    reviewers saw). Audit: ``agreement.signoff_requested``."""
    locked = _lock(agreement)
    _require(locked, S.IN_REVIEW)
    latest = _latest(locked)
    if latest is None:
        raise AgreementError(errors.NO_VERSION)
    if differs_from(locked, latest):
        raise AgreementError(errors.UNPUBLISHED_CHANGES)
    if gaps := completeness_gaps(locked):
        raise Incomplete(gaps)
    locked.status_note = ""
    return _move(
        locked,
        S.AWAITING_SIGNOFF,
        actor,
        "agreement.signoff_requested",
        version=latest.number,
        sha256=latest.sha256,
    )


@transaction.atomic
def agreement_record_offline_signoff(*, agreement: Agreement, actor: User, note: str) -> Agreement:
    """Record that every party signed the latest version outside this service (on
    paper, at a board), saying where and when. Sign-off inside the service comes with
    its own pages. Audit: ``agreement.signed_offline``."""
    if not note.strip():
        raise AgreementError(errors.REASON_NEEDED, field="note")
    locked = _lock(agreement)
    _require(locked, S.AWAITING_SIGNOFF)
    latest = locked.versions.order_by("-number").only("number", "sha256").first()
    assert latest is not None
    locked.status_note = note.strip()
    return _move(
        locked,
        S.SIGNED,
        actor,
        "agreement.signed_offline",
        version=latest.number,
        sha256=latest.sha256,
        note=locked.status_note,
    )


@transaction.atomic
def agreement_publish(*, agreement: Agreement, actor: User) -> Agreement:
    """Put a signed agreement on the public register. Audit: ``agreement.published``."""
    locked = _lock(agreement)
    _require(locked, S.SIGNED)
    latest = locked.versions.order_by("-number").only("number", "sha256").first()
    assert latest is not None
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
    _require(locked, S.DRAFT, S.IN_REVIEW, S.AWAITING_SIGNOFF, S.SIGNED, S.PUBLISHED, S.LAPSED)
    locked.status_note = reason.strip()
    return _move(locked, S.WITHDRAWN, actor, "agreement.withdrawn", reason=locked.status_note)


@transaction.atomic
def agreement_lapse(*, agreement: Agreement) -> Agreement:
    """Mark a signed or published agreement whose review date has passed as lapsed.
    Raises AgreementError if its review date has not passed. Audit: ``agreement.lapsed``
    (by the system)."""
    locked = _lock(agreement)
    _require(locked, S.SIGNED, S.PUBLISHED)
    if locked.review_date is None or locked.review_date >= timezone.localdate():
        raise AgreementError("Its review date has not passed.")
    locked.status_note = f"Review date {locked.review_date:%-d %B %Y} passed without a review."
    return _move(
        locked, S.LAPSED, None, "agreement.lapsed", review_date=locked.review_date.isoformat()
    )


def lapse_overdue_agreements() -> int:
    """Lapse every signed or published agreement past its review date. Returns how many."""
    overdue = Agreement.objects.filter(
        status__in=(S.SIGNED, S.PUBLISHED), review_date__lt=timezone.localdate()
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
    """Start a new draft of a signed, published or lapsed agreement. What was signed
    stays as it is, in its version; the next version will be a new one to review and
    sign. Audit: ``agreement.revision_started``."""
    locked = _lock(agreement)
    _require(locked, S.SIGNED, S.PUBLISHED, S.LAPSED)
    locked.status_note = ""
    return _move(locked, S.DRAFT, actor, "agreement.revision_started")


@transaction.atomic
def agreement_adopt(
    *, version: Version, area: Area, lead_organisation: Organisation, actor: User
) -> Agreement:
    """Copy another area's published agreement into ``area`` as a new draft: its sections
    as published (locked clauses stay locked), gateways and lawful bases. Parties are the
    area's own to add. Raises AgreementError for an agreement of the same area or one
    not published. Audit: ``agreement.adopted``."""
    source = version.agreement
    if source.area_id == area.pk:
        raise AgreementError(errors.ADOPT_OWN_AREA)
    if source.status != S.PUBLISHED:
        raise AgreementError(errors.ADOPT_NOT_PUBLISHED)
    if lead_organisation.area_id != area.pk:
        raise AgreementError(errors.PARTY_NOT_IN_AREA, field="lead_organisation")
    agreement = Agreement.objects.create(
        area=area,
        reference=_next_reference(area),
        title=source.title,
        kind=source.kind,
        template_version=source.template_version,
        lead_organisation=lead_organisation,
        adopted_from=version,
        created_by=actor,
    )
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=entry["position"],
            key=entry["key"],
            heading=entry["heading"],
            guidance=guidance,
            # Placeholders come back, to be filled in with this area's names; versions
            # frozen before the source was kept (schema 1) give their filled-in text.
            body=entry.get("source", entry["text"]),
            locked=entry["locked"],
            required=True,
            updated_by=actor,
        )
        for entry, guidance in (
            (entry, _guidance(source, entry["key"])) for entry in version.content["sections"]
        )
    )
    Party.objects.create(agreement=agreement, organisation=lead_organisation, role="both")
    for link in source.gateway_links.select_related("gateway"):
        AgreementGateway.objects.create(agreement=agreement, gateway=link.gateway, note=link.note)
    for basis in source.category_bases.prefetch_related("schedule1", "schedule8"):
        copy = CategoryBasis.objects.create(
            agreement=agreement,
            data_category_id=basis.data_category_id,
            law_enforcement=basis.law_enforcement,
            public_task=basis.public_task,
            art6_id=basis.art6_id,
            art9_id=basis.art9_id,
            art10=basis.art10,
            part3=basis.part3,
            common_law_id=basis.common_law_id,
            note=basis.note,
        )
        copy.schedule1.set(basis.schedule1.all())
        copy.schedule8.set(basis.schedule8.all())
    record_event(
        actor=actor,
        verb="agreement.adopted",
        target=agreement,
        area=area,
        data={
            "reference": agreement.reference,
            "from_reference": source.reference,
            "from_area": source.area.name,
            "from_version": version.number,
            "from_sha256": version.sha256,
        },
    )
    return agreement


def _guidance(source: Agreement, key: str) -> str:
    section = source.template_version.sections.filter(key=key).only("guidance").first()
    return section.guidance if section else ""
