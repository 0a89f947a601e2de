"""The printed agreement: one issued version as HTML for the PDF engine (``documents``).

Everything printed comes from what cannot change any more: the version's frozen snapshot
(``Version.content``: sections, parties, gateways, lawful bases, the assessment), the
sign-offs of that version (never edited; each carries the hashes it was given on), the
views recorded on that version, and the ledger's events about the agreement. The
working copy is never read, so a PDF made today and one made next year of the same
version say the same, but for the audit certificate, which lists the ledger as it stands
when the PDF is made, with the chain head at that moment.

Times print in Europe/London with their zone (GMT or BST) and offset from UTC.
"""

import base64
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from audit import vocabulary
from audit.selectors import chain_head, event_list_for_targets
from partners.models import Organisation, OrganisationKind

from ..models import AgreementKind, DocumentKind, PartyRole, SignOff, Version
from ..models.signoff import Decision
from ..presentation import assessment_for_display
from ..rendering import render_markdown
from ..selectors.public import register_spread

if TYPE_CHECKING:
    from documents.render import PdfMetadata

LONDON = ZoneInfo("Europe/London")
WATERMARK = "Draft - not signed"
DECISIONS: dict[str, str] = {
    Decision.APPROVE: "Approved",
    Decision.APPROVE_WITH_CONDITIONS: "Approved with conditions",
    Decision.DECLINE: "Declined",
}
# Drawn behind every page of a draft (a page background is not part of the document's
# text, so screen readers do not read it on every page; the running header says it).
_WATERMARK_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='595' height='842' viewBox='0 0 595 842'>"
    "<text x='297' y='421' text-anchor='middle' font-family='DejaVu Sans' font-size='58' "
    "font-weight='bold' fill='#b10e1e' fill-opacity='0.12' "
    f"transform='rotate(-50 297 421)'>{WATERMARK}</text></svg>"
)
WATERMARK_URL = "data:image/svg+xml;base64," + base64.b64encode(_WATERMARK_SVG.encode()).decode()


def london_time(moment: datetime) -> str:
    """ "2 December 2026, 14:05 GMT (UTC+00:00)": the time in London, its zone and offset."""
    local = timezone.localtime(moment, LONDON)
    offset = local.strftime("%z")
    return f"{local:%-d %B %Y, %H:%M} {local:%Z} (UTC{offset[:3]}:{offset[3:]})"


def london_time_short(moment: datetime) -> str:
    """ "2 Dec 2026 14:05:09 GMT": for long lists, where the zone says the offset."""
    local = timezone.localtime(moment, LONDON)
    return f"{local:%-d %b %Y %H:%M:%S} {local:%Z}"


def _day(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%-d %B %Y}"


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@dataclass(frozen=True)
class PrintedEvent:
    seq: int
    time: str
    actor: str
    what: str
    hash: str


def _events(agreement_id: int) -> list[PrintedEvent]:
    """The agreement's events, oldest first, each in words (audit.vocabulary)."""
    events = event_list_for_targets(targets=[("agreements.agreement", str(agreement_id))])
    printed = []
    for event in events.order_by("seq").iterator(chunk_size=500):
        words = vocabulary.in_words(event)
        actor = event.actor_name or vocabulary.NOBODY
        sentence = words.sentence
        if sentence.startswith(actor + " "):
            sentence = sentence[len(actor) + 1 :]
        who = f"{actor}, {event.actor_organisation}" if event.actor_organisation else actor
        printed.append(
            PrintedEvent(
                seq=event.seq,
                time=london_time_short(event.occurred_at),
                actor=who,
                what=sentence[:1].upper() + sentence[1:],
                hash=event.hash,
            )
        )
    return printed


def _basis(entry: dict[str, str] | None) -> str:
    return f"{entry['reference']}: {entry['title']}" if entry else ""


def _stack(basis: dict[str, Any]) -> dict[str, Any]:
    """One party's lawful bases for one kind of data, as printed: each layer that
    applies, in the order the law asks for them."""
    layers: list[tuple[str, str]] = []
    if basis.get("art6"):
        layers.append(("UK GDPR Article 6", _basis(basis["art6"])))
    for condition in basis.get("annex1") or []:
        layers.append(("Recognised legitimate interest (Annex 1)", _basis(condition)))
    if basis.get("art9"):
        layers.append(("UK GDPR Article 9", _basis(basis["art9"])))
    if basis.get("art10"):
        layers.append(("UK GDPR Article 10", "Criminal offence data"))
    if basis.get("official_authority"):
        layers.append(("Article 10", "Under the control of official authority"))
    for condition in basis.get("schedule1") or []:
        layers.append(("DPA 2018 Schedule 1", _basis(condition)))
    if basis.get("part3"):
        layers.append(("DPA 2018 Part 3", "Law enforcement processing (section 35)"))
    for condition in basis.get("schedule8") or []:
        layers.append(("DPA 2018 Schedule 8", _basis(condition)))
    if basis.get("common_law"):
        layers.append(("Common-law duty of confidentiality", _basis(basis["common_law"])))
    if basis.get("policy_document"):
        layers.append(("Appropriate policy document", basis["policy_document"]))
    marks = [
        label
        for key, label in (
            ("special_category", "special category"),
            ("criminal_offence", "criminal offence data"),
            ("about_children", "about children"),
        )
        if basis.get(key)
    ]
    return {
        "category": basis["data_category"],
        "marks": marks,
        "identifiability": basis.get("identifiability", ""),
        "party": basis.get("party") or "Every party",
        "recipient": basis.get("recipient") or "",
        "layers": layers,
        "note": basis.get("note", ""),
    }


def _parties(content: dict[str, Any], area_name: str) -> list[dict[str, Any]]:
    names = [party["organisation"] for party in content["parties"]]
    websites = dict(
        Organisation.objects.filter(area__name=area_name, name__in=names).values_list(
            "name", "website"
        )
    )
    return [
        {
            "organisation": party["organisation"],
            "kind": _label(OrganisationKind, party["kind"]),
            "role": _label(PartyRole, party["role"]),
            "signatory": party["signatory"] or "Not named",
            "contact": websites.get(party["organisation"], ""),
        }
        for party in content["parties"]
    ]


def _signoffs(version: Version) -> list[dict[str, Any]]:
    rows = SignOff.objects.filter(version=version).order_by("recorded_at", "pk")
    return [
        {
            "organisation": signoff.organisation_name,
            "name": signoff.signatory_name,
            "capacity": signoff.capacity_label,
            "decision": DECISIONS.get(signoff.decision, signoff.decision),
            "conditions": signoff.conditions,
            "method": signoff.get_method_display(),
            "signed_on": _day(signoff.signed_on),
            "evidence": signoff.evidence,
            "recorded_at": london_time(signoff.recorded_at),
            "recorded_by_someone_else": signoff.recorded_by_id != signoff.signatory_id,
            "balance_accepted": signoff.balance_accepted,
            "version_sha256": signoff.version_sha256,
            "assessment_sha256": signoff.assessment_sha256,
            "superseded": london_time(signoff.superseded_at) if signoff.superseded_at else "",
            "superseded_reason": signoff.superseded_reason,
        }
        for signoff in rows
    ]


def document_context(*, version: Version, kind: str, made_at: datetime) -> dict[str, Any]:
    """Everything the print template shows, from the frozen version and frozen records."""
    content = version.content
    about = content["agreement"]
    agreement = version.agreement
    sealed = kind == DocumentKind.SEALED
    spreads, counted = register_spread(version=version)
    head = chain_head()
    return {
        "sealed": sealed,
        "watermark": "" if sealed else WATERMARK,
        "watermark_url": "" if sealed else WATERMARK_URL,
        "title": about["title"],
        "reference": about["reference"],
        "area": about["area"],
        "kind": _label(AgreementKind, about["kind"]),
        "lead_organisation": about["lead_organisation"],
        "review_date": _day(about.get("review_date")),
        "adopted_from": about.get("adopted_from"),
        "version": version,
        "issued_at": london_time(version.issued_at),
        "status": (
            "Signed by every party; sealed by the service"
            if sealed
            else "Draft: not signed. This copy is not sealed and is not the agreement in force."
        ),
        "sections": [
            {
                "anchor": f"section-{index}",
                "heading": section["heading"],
                "html": render_markdown(section["text"]),
            }
            for index, section in enumerate(content["sections"], start=1)
        ],
        "parties": _parties(content, about["area"]),
        "gateways": content["gateways"],
        "stacks": [_stack(basis) for basis in content.get("lawful_bases", [])],
        "assessment": assessment_for_display(content.get("assessment")),
        "spreads": spreads,
        "counted": counted,
        "signoffs": _signoffs(version),
        "events": _events(agreement.pk),
        "chain_head": head,
        "made_at": london_time(made_at),
        "lang": "en-GB",
    }


def document_html(*, version: Version, kind: str, made_at: datetime | None = None) -> str:
    """The print template filled in for one version: the HTML the PDF is made from."""
    context = document_context(version=version, kind=kind, made_at=made_at or timezone.now())
    return render_to_string("pdf/agreement.html", context)


def document_metadata(*, version: Version, kind: str) -> "PdfMetadata":
    """What the PDF says about itself, covered by the seal: which agreement, version and
    fingerprints it is, so that checking a copy can name them."""
    from documents.render import PdfMetadata

    about = version.content["agreement"]
    return PdfMetadata(
        title=f"{about['reference']}: {about['title']}, version {version.number}",
        author=about["lead_organisation"],
        subject=_label(AgreementKind, about["kind"]) + f", {about['area']}",
        keywords=("data-sharing agreement", about["area"]),
        custom={
            "AgreementReference": about["reference"],
            "AgreementArea": about["area"],
            "VersionNumber": str(version.number),
            "VersionSHA256": version.sha256,
            "AssessmentSHA256": version.assessment_sha256,
            "DocumentKind": kind,
        },
        created=timezone.now(),
    )
