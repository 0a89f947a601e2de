"""Every write to the gateway register goes through here, and each is recorded in the
audit ledger."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from audit.services import changes, record_event
from partners.models import User

from . import search
from .models import Gateway, GatewayChange, GatewayStatus, Purpose


class GatewayError(Exception):
    """A change to the register that the rules do not allow. The message is for people."""


DUPLICATE = "This provision is already in the register: {title}."
OWN_PROPOSAL = "You proposed this gateway, so another area admin must decide on it."
NOT_PROPOSED = "Only a proposed gateway can be approved or turned down; this one is {status}."
REASON_NEEDED = "Say why the proposal is not accepted, so the proposer can improve it."
IN_REGISTER = (
    "This gateway is in the register: a change to it is proposed, and another area admin "
    "approves it."
)
NOTHING_CHANGED = "Nothing differs from the gateway as it stands."
CHANGE_WAITING = (
    "A change to this gateway is already waiting for a decision. Decide on it (or ask "
    "another area admin to) before proposing another."
)
OWN_CHANGE = "You proposed this change, so another area admin must decide on it."
CHANGE_DECIDED = "This change has already been {status}."


@dataclass
class GatewayDetails:
    """Everything an officer states about a gateway."""

    act_title: str
    act_year: int
    provision: str
    power_or_duty: str
    legislation_url: str
    summary: str
    act_chapter: str = ""
    express_or_implied: str = "express"
    england: bool = True
    wales: bool = False
    scotland: bool = False
    northern_ireland: bool = False
    who_may_share: str = ""
    permitted_purposes: str = ""
    limits_and_exclusions: str = ""
    overrides_confidentiality: str = "unknown"
    register_requirement: str = ""
    verified: bool = False
    verified_on: date | None = None
    verification_note: str = ""
    purposes: list[str] = field(default_factory=list)  # Purpose slugs

    def fields(self) -> dict[str, Any]:
        values = asdict(self)
        values.pop("purposes")
        return values


def normalise_provision(provision: str) -> str:
    """ "S. 115" and "s.115" are one provision; so are ss.36-39 with a hyphen or a dash."""
    text = provision.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", "", text)


def _unique_slug(details: GatewayDetails) -> str:
    base = slugify(f"{details.act_title} {details.act_year} {details.provision}")[:150]
    slug, n = base, 2
    while Gateway.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _find_duplicate(details: GatewayDetails, *, excluding: int | None = None) -> Gateway | None:
    duplicates = Gateway.objects.filter(
        act_title__iexact=details.act_title.strip(),
        act_year=details.act_year,
        provision_key=normalise_provision(details.provision),
    ).exclude(status=GatewayStatus.REJECTED)
    if excluding is not None:
        duplicates = duplicates.exclude(pk=excluding)
    return duplicates.first()


def gateway_find_duplicate(
    *, details: GatewayDetails, excluding: int | None = None
) -> Gateway | None:
    """The gateway already in the register (or proposed) for the same provision."""
    return _find_duplicate(details, excluding=excluding)


def _snapshot(gateway: Gateway) -> dict[str, Any]:
    values = {
        name: getattr(gateway, name)
        for name in GatewayDetails.__dataclass_fields__
        if name != "purposes"
    }
    values["purposes"] = sorted(gateway.purposes.values_list("slug", flat=True))
    return values


def _refresh_search(gateway: Gateway) -> None:
    names = list(gateway.purposes.values_list("name", flat=True))
    terms = search.search_terms(provision=gateway.provision, purpose_names=names)
    Gateway.objects.filter(pk=gateway.pk).update(search_terms=terms)
    if connection.vendor == "postgresql":
        Gateway.objects.filter(pk=gateway.pk).update(search_vector=search.vector())
    gateway.search_terms = terms


def _set_purposes(gateway: Gateway, slugs: Iterable[str]) -> None:
    gateway.purposes.set(Purpose.objects.filter(slug__in=list(slugs)))


def _create(details: GatewayDetails, **extra: Any) -> Gateway:
    if duplicate := _find_duplicate(details):
        raise GatewayError(DUPLICATE.format(title=duplicate.title))
    values = details.fields()
    values["act_title"] = details.act_title.strip()
    values["provision"] = details.provision.strip()
    try:
        with transaction.atomic():
            gateway = Gateway.objects.create(
                **values,
                provision_key=normalise_provision(details.provision),
                slug=_unique_slug(details),
                **extra,
            )
    except IntegrityError as error:  # the same provision, added a moment ago
        raise GatewayError(DUPLICATE.format(title=details.act_title)) from error
    _set_purposes(gateway, details.purposes)
    _refresh_search(gateway)
    return gateway


@transaction.atomic
def gateway_propose(*, details: GatewayDetails, reason: str, actor: User) -> Gateway:
    """An area admin proposes a gateway for the register. It is not public until
    another area admin approves it. Raises GatewayError for a provision already in the
    register or proposed. Audit: ``gateway.proposed``."""
    gateway = _create(
        details, status=GatewayStatus.PROPOSED, proposed_by=actor, proposal_reason=reason
    )
    record_event(
        actor=actor,
        verb="gateway.proposed",
        target=gateway,
        data={**_snapshot(gateway), "reason": reason},
    )
    return gateway


def _decide(gateway: Gateway, actor: User | None) -> Gateway:
    locked = Gateway.objects.select_for_update().get(pk=gateway.pk)
    if locked.status != GatewayStatus.PROPOSED:
        raise GatewayError(NOT_PROPOSED.format(status=locked.get_status_display().lower()))
    if actor is not None and locked.proposed_by_id == actor.pk:
        raise GatewayError(OWN_PROPOSAL)
    return locked


@transaction.atomic
def gateway_approve(*, gateway: Gateway, actor: User, note: str = "") -> Gateway:
    """Put a proposed gateway in the register. Raises GatewayError if it is not
    proposed or if ``actor`` proposed it (four eyes). Audit: ``gateway.approved``."""
    locked = _decide(gateway, actor)
    locked.status = GatewayStatus.APPROVED
    locked.reviewed_by, locked.reviewed_at, locked.review_note = actor, timezone.now(), note
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    record_event(actor=actor, verb="gateway.approved", target=locked, data={"note": note})
    return locked


@transaction.atomic
def gateway_reject(*, gateway: Gateway, actor: User, reason: str) -> Gateway:
    """Turn a proposal down, saying why. Raises GatewayError as gateway_approve does,
    and when there is no reason. Audit: ``gateway.rejected``."""
    if not reason.strip():
        raise GatewayError(REASON_NEEDED)
    locked = _decide(gateway, actor)
    locked.status = GatewayStatus.REJECTED
    locked.reviewed_by, locked.reviewed_at, locked.review_note = (
        actor,
        timezone.now(),
        reason.strip(),
    )
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    record_event(
        actor=actor, verb="gateway.rejected", target=locked, data={"reason": reason.strip()}
    )
    return locked


@transaction.atomic
def gateway_update(*, gateway: Gateway, details: GatewayDetails, actor: User | None) -> Gateway:
    """Correct or verify a proposal's details (or, with no actor, bring the seed
    catalogue up to date). Raises GatewayError if the change would make it a duplicate,
    or for a gateway in the register changed by a person: that is a proposed change
    (``gateway_change_propose``). Audit: ``gateway.changed`` with each field from and
    to; nothing when nothing changed."""
    locked = Gateway.objects.select_for_update().get(pk=gateway.pk)
    if actor is not None and locked.status == GatewayStatus.APPROVED:
        raise GatewayError(IN_REGISTER)
    return _apply(locked, details, actor)


def _apply(
    locked: Gateway,
    details: GatewayDetails,
    actor: User | None,
    first: dict[str, Any] | None = None,
) -> Gateway:
    """Change the gateway to ``details``. Audit: ``first`` (a verb and data to record
    before it, if given), then ``gateway.changed`` when anything changed, both after
    every other write."""
    if duplicate := _find_duplicate(details, excluding=locked.pk):
        raise GatewayError(DUPLICATE.format(title=duplicate.title))
    before = _snapshot(locked)
    for name, value in details.fields().items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.provision_key = normalise_provision(details.provision)
    locked.save()
    _set_purposes(locked, details.purposes)
    after = _snapshot(locked)
    changed = changes(before, after)
    if changed:
        _refresh_search(locked)
    if first is not None:
        record_event(actor=actor, target=locked, **first)
    if changed:
        record_event(actor=actor, verb="gateway.changed", target=locked, data=changed)
    return locked


@transaction.atomic
def _details_data(details: GatewayDetails) -> dict[str, Any]:
    data = asdict(details)
    data["verified_on"] = details.verified_on.isoformat() if details.verified_on else None
    return data


def change_details(change: GatewayChange) -> GatewayDetails:
    """The details a change proposes."""
    return GatewayDetails(**{**change.details, "verified_on": _date(change.details["verified_on"])})


def change_differences(change: GatewayChange) -> dict[str, dict[str, Any]]:
    """What a change would alter: {field: {"from": now, "to": proposed}}."""
    proposed = _details_data(change_details(change))
    current = _details_data(GatewayDetails(**_snapshot(change.gateway)))
    return changes(current, proposed)


@transaction.atomic
def gateway_change_propose(
    *, gateway: Gateway, details: GatewayDetails, reason: str, actor: User
) -> GatewayChange:
    """Propose a change to a gateway in the register (details, verification, anything).
    The register keeps showing it as approved until another area admin approves the
    change. Raises GatewayError when nothing differs, a change is already waiting, or
    the change would make it a duplicate. Audit: ``gateway.change_proposed`` with each
    field from and to."""
    locked = Gateway.objects.select_for_update().get(pk=gateway.pk)
    if duplicate := _find_duplicate(details, excluding=locked.pk):
        raise GatewayError(DUPLICATE.format(title=duplicate.title))
    current = _details_data(GatewayDetails(**_snapshot(locked)))
    proposed = _details_data(details)
    differences = changes(current, proposed)
    if not differences:
        raise GatewayError(NOTHING_CHANGED)
    if locked.changes.filter(status=GatewayStatus.PROPOSED).exists():
        raise GatewayError(CHANGE_WAITING)
    change = GatewayChange.objects.create(
        gateway=locked, details=proposed, reason=reason.strip(), proposed_by=actor
    )
    record_event(
        actor=actor,
        verb="gateway.change_proposed",
        target=locked,
        data={"change": change.pk, "changes": differences, "reason": change.reason},
    )
    return change


def _decide_change(change: GatewayChange, actor: User) -> GatewayChange:
    locked = GatewayChange.objects.select_for_update().select_related("gateway").get(pk=change.pk)
    if locked.status != GatewayStatus.PROPOSED:
        raise GatewayError(CHANGE_DECIDED.format(status=locked.get_status_display().lower()))
    if locked.proposed_by_id == actor.pk:
        raise GatewayError(OWN_CHANGE)
    return locked


@transaction.atomic
def gateway_change_approve(*, change: GatewayChange, actor: User, note: str = "") -> Gateway:
    """Apply a proposed change to the register. Raises GatewayError if it was decided
    already, if ``actor`` proposed it (four eyes), or if it would now make a duplicate.
    Audit: ``gateway.change_approved``, then ``gateway.changed``."""
    locked = _decide_change(change, actor)
    gateway = Gateway.objects.select_for_update().get(pk=locked.gateway_id)
    locked.status = GatewayStatus.APPROVED
    locked.reviewed_by, locked.reviewed_at, locked.review_note = actor, timezone.now(), note
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    approved = {
        "verb": "gateway.change_approved",
        "data": {"change": locked.pk, "proposed_by": locked.proposed_by_id, "note": note},
    }
    return _apply(gateway, change_details(locked), actor, first=approved)


@transaction.atomic
def gateway_change_reject(*, change: GatewayChange, actor: User, reason: str) -> GatewayChange:
    """Turn a proposed change down, saying why; the gateway stays as it was. Raises
    GatewayError as gateway_change_approve does, and without a reason.
    Audit: ``gateway.change_rejected``."""
    if not reason.strip():
        raise GatewayError(REASON_NEEDED)
    locked = _decide_change(change, actor)
    locked.status = GatewayStatus.REJECTED
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.review_note = reason.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    record_event(
        actor=actor,
        verb="gateway.change_rejected",
        target=locked.gateway,
        data={"change": locked.pk, "reason": locked.review_note},
    )
    return locked


def gateway_catalogue_load(
    *, entries: Iterable[Mapping[str, Any]], actor: User | None = None
) -> tuple[int, int]:
    """Load the seed catalogue (gateways/data/catalogue.json) into the register,
    approved. Entries already there are brought up to date. Safe to run again. Returns
    (added, updated). Audit: ``gateway.catalogued`` for each added,
    ``gateway.changed`` for each updated."""
    added = updated = 0
    for entry in entries:
        details = GatewayDetails(**{**entry, "verified_on": _date(entry.get("verified_on"))})
        existing = _find_duplicate(details)
        if existing is None:
            gateway = _create(details, status=GatewayStatus.APPROVED, reviewed_at=timezone.now())
            record_event(
                actor=actor, verb="gateway.catalogued", target=gateway, data=_snapshot(gateway)
            )
            added += 1
        else:
            before = _snapshot(existing)
            if _snapshot(gateway_update(gateway=existing, details=details, actor=actor)) != before:
                updated += 1
    return added, updated


def _date(value: Any) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))
