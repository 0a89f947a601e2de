"""Published agreements as open data, one record each, from the version published. The
fields overlap the Digital Economy Act 2017 Part 5 register's where they can (the bodies
involved, the purpose, for how long, the expected benefits, the legal power), so the two
registers can be joined."""

from typing import Any

from django.urls import reverse

from agreements.models import BenefitOutcome, Publication
from agreements.selectors.public import PdfLink

AGREEMENT_FIELD_DOCS: tuple[tuple[str, str], ...] = (
    (
        "reference",
        "The agreement's reference, e.g. ESS-2026-001. Stable; also in its page address.",
    ),
    ("title", "The agreement's title."),
    ("area", "The partner area it belongs to."),
    (
        "status",
        "in_force; lapsed (its review date passed without a new version being signed); or "
        "withdrawn. Lapsed and withdrawn agreements stay listed.",
    ),
    ("status_note", "Why it lapsed or was withdrawn, or empty."),
    ("version", "The number of the version published: the one every party signed."),
    ("version_sha256", "The SHA-256 of that version's canonical JSON: what each party signed."),
    ("assessment_sha256", "The SHA-256 of the trade-off assessment frozen in that version."),
    ("pdf_url", "The sealed PDF of that version, or empty while there is none."),
    ("pdf_sha256", "The SHA-256 of the sealed PDF, or empty while there is none."),
    ("review_date", "When it must be reviewed by (YYYY-MM-DD)."),
    ("start_date", "When the last party signed the version published (YYYY-MM-DD)."),
    ("duration", "For how long it runs, in words: from the start date until the review date."),
    ("first_published_at", "When it first appeared on this register (ISO 8601)."),
    ("published_at", "When the version shown was published (ISO 8601)."),
    ("kind", "isp, disclosure, joint_controller or one_off."),
    ("lead_organisation", "The organisation that leads it."),
    ("bodies", "The bodies involved and their role: provides data, receives data, or both."),
    ("purpose", "Why the data is shared, in the agreement's own words."),
    ("legal_powers", "The legal gateways (Acts and sections) the sharing relies on."),
    ("legislation_urls", "Those provisions on legislation.gov.uk, in the same order."),
    (
        "lawful_bases",
        "Each party's lawful bases for each kind of data: party, kind of data, then each "
        "basis, separated by ' | '.",
    ),
    ("data_categories", "The kinds of data shared."),
    ("identifiability", "How identifiable each kind of data is, in plain words."),
    ("expected_benefits", "The benefits the sharing is expected to bring."),
    (
        "benefits_realised",
        "What came of each expected benefit at review: achieved, partly, not_achieved or "
        "not_yet_known (empty until recorded). In JSON, with the evidence and date.",
    ),
    ("retention", "How long the data is kept, in the agreement's own words."),
    ("rights_and_complaints", "How to object, ask for your data or complain."),
    (
        "balance_statement",
        "How the parties weighed the public benefit against the risk to privacy.",
    ),
    ("overall_position", "Where they judged the balance falls, in words."),
    ("overall_position_score", "The same on a scale of 1 (risk clearly outweighs) to 5."),
    ("themes", "Service themes, e.g. health-and-care or criminal-justice."),
    ("signatories", "Who signed for each party, in what capacity and when."),
    ("page_url", "The agreement's page on this register."),
)

AGREEMENT_FIELDS: tuple[str, ...] = tuple(name for name, _ in AGREEMENT_FIELD_DOCS)


def _realised(
    benefits: list[dict[str, Any]], outcomes: dict[str, BenefitOutcome]
) -> list[dict[str, Any]]:
    realised = []
    for benefit in benefits:
        outcome = outcomes.get(benefit["description"])
        realised.append(
            {
                "benefit": benefit["description"],
                "outcome": outcome.outcome if outcome else None,
                "evidence": outcome.evidence if outcome else "",
                "recorded_on": outcome.recorded_at.date().isoformat() if outcome else None,
            }
        )
    return realised


def agreement_record(
    publication: Publication,
    *,
    pdf: PdfLink | None,
    outcomes: dict[str, BenefitOutcome],
    site_url: str,
) -> dict[str, Any]:
    """One agreement as open data, from its publication (``version`` loaded, content
    deferred is fine). Never anything of the working copy, of unpublished versions or of
    the public's e-mail addresses."""
    record = publication.record
    signed = sorted(s["signed_on"] for s in record["signatures"])
    start = signed[-1] if signed else None
    review = record["review_date"]
    position = record.get("overall_position") or {}
    return {
        "reference": publication.reference,
        "title": publication.title,
        "area": publication.area.name,
        "status": publication.status,
        "status_note": publication.status_note,
        "version": publication.version.number,
        "version_sha256": publication.version.sha256,
        "assessment_sha256": publication.version.assessment_sha256 or None,
        "pdf_url": site_url + pdf.url
        if pdf and pdf.url.startswith("/")
        else (pdf.url if pdf else None),
        "pdf_sha256": pdf.sha256 if pdf else None,
        "review_date": review,
        "start_date": start,
        "duration": (f"From {start} until its review by {review}" if start and review else ""),
        "first_published_at": publication.first_published_at.isoformat(),
        "published_at": publication.published_at.isoformat(),
        "kind": record["kind"],
        "lead_organisation": record["lead_organisation"],
        "bodies": [f"{p['organisation']} ({p['role_words'].lower()})" for p in record["parties"]],
        "purpose": record["purpose"],
        "legal_powers": [g["title"] for g in record["gateways"]],
        "legislation_urls": [g["legislation_url"] for g in record["gateways"]],
        "lawful_bases": [
            " | ".join(
                [
                    b["party"] or "Every party",
                    b["data_category"] + (f" (to {b['recipient']})" if b.get("recipient") else ""),
                    *b["bases"],
                ]
            )
            for b in record["lawful_bases"]
        ],
        "data_categories": [c["name"] for c in record["data_categories"]],
        "identifiability": [
            f"{c['name']}: {c['identifiability_words']}" for c in record["data_categories"]
        ],
        "expected_benefits": [b["description"] for b in record["expected_benefits"]],
        "benefits_realised": _realised(record["expected_benefits"], outcomes),
        "retention": record["retention"],
        "rights_and_complaints": record["rights_and_complaints"],
        "balance_statement": record["balance_statement"],
        "overall_position": position.get("label", ""),
        "overall_position_score": position.get("value"),
        "themes": record["themes"],
        "signatories": [
            f"{s['organisation']}: {s['signatory']}, {s['capacity']}, {s['signed_on']}"
            for s in record["signatures"]
        ],
        "page_url": site_url
        + reverse("register:agreement-detail", kwargs={"public_reference": publication.reference}),
    }


def agreement_csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its nested fields flattened for a spreadsheet."""
    flat = dict(record)
    flat["benefits_realised"] = [
        f"{item['benefit']}: {item['outcome'] or 'not recorded'}"
        for item in record["benefits_realised"]
    ]
    return flat
