"""Checking benefit through the life of a sharing, not once: the lead organisation is
warned three months before an agreement's review date and again when it passes, and at
review officers record what actually came of each expected benefit, which the public
register shows beside what was expected."""

import calendar
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from audit.services import record_event
from notifications.services import notify
from partners.models import Membership, Role, User

from .. import lifecycle
from ..models import Agreement, AgreementStatus, BenefitOutcome, Outcome, Publication
from ..models.public import OUTCOME_EVIDENCE_LIMIT, PublicStatus
from ..permissions import user_can_edit_agreements
from .drafting import _lock
from .errors import AgreementError

S = AgreementStatus

WARN_MONTHS = 3
DUE_SOON = "due_soon"
PASSED = "passed"
REMINDER_VERB = "agreement.review_reminder_sent"

NOT_PUBLISHED = "Benefits realised are recorded for an agreement on the public register."
UNKNOWN_BENEFIT = "Choose one of the benefits the published version expects."
CHOOSE_OUTCOME = "Choose what came of it."
EVIDENCE_NEEDED = "Give the evidence: what was measured, and what it showed."
TOO_LONG = "Write at most {limit:,} characters."


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or the month's last day, if it has fewer)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _people_to_warn(agreement: Agreement) -> list[User]:
    """The lead organisation's officers and area admins; the area's officers if it has
    none."""
    editors = (Role.OFFICER, Role.AREA_ADMIN)
    memberships = Membership.objects.filter(
        organisation=agreement.lead_organisation, role__in=editors, user__is_active=True
    )
    if not memberships.exists():
        memberships = Membership.objects.filter(
            organisation__area=agreement.area, role=Role.OFFICER, user__is_active=True
        )
    ids = memberships.values_list("user_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def _already_warned(agreement: Agreement, kind: str) -> bool:
    assert agreement.review_date is not None
    return Event.objects.filter(
        target_type="agreements.agreement",
        target_id=str(agreement.pk),
        verb=REMINDER_VERB,
        data__kind=kind,
        data__review_date=agreement.review_date.isoformat(),
    ).exists()


def _message(agreement: Agreement, kind: str) -> tuple[str, str]:
    assert agreement.review_date is not None
    when = f"{agreement.review_date:%-d %B %Y}"
    link = str(settings.SITE_URL).rstrip("/") + agreement.get_absolute_url()
    outcomes = str(settings.SITE_URL).rstrip("/") + reverse(
        "agreements:public",
        kwargs={"area_slug": agreement.area.slug, "reference": agreement.reference},
    )
    if kind == DUE_SOON:
        subject = f"{agreement.reference}: review due by {when}"
        opening = (
            f"{agreement.title} is due for review by {when}. If no new version is signed by "
            "then, it lapses, and the public register shows it as lapsed."
        )
    else:
        subject = f"{agreement.reference}: review date passed"
        opening = (
            f"The review date of {agreement.title}, {when}, has passed. It shows as lapsed on "
            "the public register until a new version is signed and published."
        )
    body = (
        f"{opening}\n\nAt the review, record what came of each expected benefit: {outcomes}\n\n"
        f"Then start a revision to review the agreement itself: {link}"
    )
    return subject, body


def _warn(agreement: Agreement, kind: str) -> bool:
    with transaction.atomic():
        locked = _lock(agreement)
        if locked.review_date is None or _already_warned(locked, kind):
            return False
        subject, body = _message(locked, kind)
        people = _people_to_warn(locked)
        for person in people:
            notify(user=person, subject=subject, body=body)
        record_event(
            actor=None,
            verb=REMINDER_VERB,
            target=locked,
            area=locked.area,
            data={
                "kind": kind,
                "review_date": locked.review_date.isoformat(),
                "people": len(people),
            },
        )
    return True


def review_reminders_send(*, today: date | None = None) -> int:
    """Warn the lead organisation of every agreement in force (signed, published, or
    published and under revision) whose review date is three months away or less, and
    of every one whose review date has passed; each once per review date, as the ledger
    records. Audit: ``agreement.review_reminder_sent``. Returns how many were warned."""
    day = today or timezone.localdate()
    in_force = Q(status__in=(S.SIGNED, S.PUBLISHED, S.LAPSED)) | Q(
        publication__status__in=(PublicStatus.IN_FORCE, PublicStatus.LAPSED)
    )
    candidates = (
        Agreement.objects.filter(in_force, review_date__lte=add_months(day, WARN_MONTHS))
        .exclude(status=S.WITHDRAWN)
        .select_related("area", "lead_organisation")
        .order_by("pk")
        .distinct()
    )
    warned = 0
    for agreement in candidates:
        assert agreement.review_date is not None
        kind = PASSED if agreement.review_date < day else DUE_SOON
        warned += _warn(agreement, kind)
    return warned


@transaction.atomic
def benefit_outcome_record(
    *, agreement: Agreement, actor: User, benefit_index: int, outcome: str, evidence: str
) -> BenefitOutcome:
    """Record what came of one expected benefit of the published version (by its
    position there): achieved, partly, not achieved or not yet known, with the
    evidence (needed unless it is not yet known). Earlier records stay; the register
    shows the latest. Raises AgreementError for an agreement not on the register, a
    benefit it does not expect or an outcome without evidence.
    Audit: ``benefit.outcome_recorded``."""
    locked = _lock(agreement)
    if not user_can_edit_agreements(actor, locked.area):
        raise AgreementError("Only the area's officers can record what came of the benefits.")
    if not lifecycle.allows("record_benefit_outcome", locked.status):
        raise AgreementError(lifecycle.wrong_state_message(locked.status))
    publication = Publication.objects.select_related("version").filter(agreement=locked).first()
    if publication is None:
        raise AgreementError(NOT_PUBLISHED)
    expected = publication.record.get("expected_benefits", [])
    if not 0 <= benefit_index < len(expected):
        raise AgreementError(UNKNOWN_BENEFIT, field="benefit")
    if outcome not in Outcome.values:
        raise AgreementError(CHOOSE_OUTCOME, field="outcome")
    text = evidence.replace("\r\n", "\n").strip()
    if not text and outcome != Outcome.NOT_YET_KNOWN:
        raise AgreementError(EVIDENCE_NEEDED, field="evidence")
    if len(text) > OUTCOME_EVIDENCE_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=OUTCOME_EVIDENCE_LIMIT), field="evidence")
    now = timezone.now()
    record = BenefitOutcome.objects.create(
        agreement=locked,
        version=publication.version,
        benefit=expected[benefit_index]["description"],
        outcome=outcome,
        evidence=text,
        recorded_by=actor,
        recorded_at=now,
    )
    Publication.objects.filter(pk=publication.pk).update(changed_at=now)
    record_event(
        actor=actor,
        verb="benefit.outcome_recorded",
        target=locked,
        area=locked.area,
        data={
            "version": publication.version.number,
            "benefit": record.benefit,
            "outcome": outcome,
            "evidence": text,
        },
    )
    return record
