"""Scoped reads of sign-offs: each party's state for an agreement's page, and the
sign-offs waiting for a signatory."""

from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, QuerySet

from partners.models import Role, User

from ..models import Agreement, AgreementStatus, Party, SignOff, Version
from ..models.drafting import without_snapshots

S = AgreementStatus

STATE_LABELS = {
    "waiting": "Waiting",
    "approve": "Approved",
    "approve_with_conditions": "Approved with conditions",
    "decline": "Declined",
    "superseded": "Superseded",
    "not_asked": "Not asked yet",
}


@dataclass
class PartyState:
    organisation_name: str
    chosen_signatory: str
    state: str
    signoff: SignOff | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class SignoffOverview:
    """Where sign-off stands: the version the current (or last) round is about, each
    party's state on it, and earlier sign-offs that no longer count."""

    version_number: int | None
    parties: list[PartyState] = field(default_factory=list)
    superseded: list[SignOff] = field(default_factory=list)

    @property
    def conditions(self) -> list[SignOff]:
        return [
            p.signoff
            for p in self.parties
            if p.signoff is not None and p.signoff.decision == "approve_with_conditions"
        ]

    @property
    def declined(self) -> list[SignOff]:
        return [p.signoff for p in self.parties if p.signoff is not None and p.state == "decline"]


def signoff_list(*, agreement: Agreement) -> list[SignOff]:
    """Every sign-off of the agreement, oldest first, in one query."""
    return list(
        SignOff.objects.filter(agreement=agreement)
        .select_related("version", "recorded_by")
        .defer(*without_snapshots("version"))
        .order_by("recorded_at", "pk")
    )


def signoff_overview(
    *, agreement: Agreement, latest_number: int | None, signoffs: list[SignOff]
) -> SignoffOverview:
    """Each party's sign-off state, from the agreement's (prefetched) parties and
    ``signoffs`` (from signoff_list): on the version awaiting sign-off, or else on the
    version that was signed, or else the latest."""
    signed_id = agreement.signed_version_id
    if agreement.status == S.AWAITING_SIGNOFF or signed_id is None:
        number = latest_number
        in_round = [s for s in signoffs if s.version.number == number]
    else:
        in_round = [s for s in signoffs if s.version_id == signed_id]
        number = in_round[0].version.number if in_round else latest_number
    live = {s.organisation_id: s for s in in_round if s.superseded_at is None}
    last_superseded: dict[int, SignOff] = {}
    for signoff in signoffs:
        if signoff.superseded_at is not None:
            last_superseded[signoff.organisation_id] = signoff
    rows: list[PartyState] = []
    seen: set[int] = set()
    for party in agreement.parties.all():
        seen.add(party.organisation_id)
        chosen = party.signatory.full_name if party.signatory else ""
        decided = live.get(party.organisation_id)
        if decided is not None:
            rows.append(PartyState(party.organisation.name, chosen, decided.decision, decided))
        elif agreement.status == S.AWAITING_SIGNOFF:
            rows.append(PartyState(party.organisation.name, chosen, "waiting"))
        elif party.organisation_id in last_superseded:
            rows.append(
                PartyState(
                    party.organisation.name,
                    chosen,
                    "superseded",
                    last_superseded[party.organisation_id],
                )
            )
        else:
            rows.append(PartyState(party.organisation.name, chosen, "not_asked"))
    for organisation_id, signoff in live.items():
        if organisation_id not in seen:  # a party of the signed version, since removed
            rows.append(PartyState(signoff.organisation_name, "", signoff.decision, signoff))
    return SignoffOverview(
        version_number=number,
        parties=rows,
        superseded=[s for s in reversed(signoffs) if s.superseded_at is not None],
    )


def signoffs_waiting_for(*, user: User) -> QuerySet[Party]:
    """The parties ``user`` is asked to sign for on agreements awaiting sign-off, where
    that party has not yet decided on the latest version; with the agreement, its area
    and the latest version's number."""
    latest = Version.objects.filter(agreement=OuterRef("agreement")).order_by("-number")
    decided = SignOff.objects.filter(
        agreement=OuterRef("agreement"),
        organisation=OuterRef("organisation"),
        version=latest.values("pk")[:1],
        superseded_at=None,
    )
    return (
        Party.objects.filter(
            signatory=user,
            agreement__status=S.AWAITING_SIGNOFF,
            organisation__memberships__user=user,
            organisation__memberships__role=Role.SIGNATORY,
        )
        .exclude(Exists(decided))
        .annotate(latest_number=Max("agreement__versions__number"))
        .select_related("agreement__area", "organisation")
        .order_by("agreement__updated_at")
    )
