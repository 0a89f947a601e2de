"""Gateways as open data."""

from typing import Any

from gateways.models import Gateway

GATEWAY_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "act_title",
    "act_year",
    "act_chapter",
    "provision",
    "power_or_duty",
    "express_or_implied",
    "jurisdictions",
    "who_may_share",
    "permitted_purposes",
    "purposes",
    "limits_and_exclusions",
    "overrides_confidentiality",
    "register_requirement",
    "legislation_url",
    "summary",
    "verified",
    "verified_on",
    "page_url",
    "updated_at",
)


GATEWAY_FIELD_DOCS: tuple[tuple[str, str], ...] = (
    ("id", "A stable identifier, also the last part of the gateway's page address."),
    ("title", "The Act, its year and the provision, e.g. Crime and Disorder Act 1998, s.115."),
    ("act_title", "The short title of the Act or regulations, without the year."),
    ("act_year", "The year of the Act."),
    ("act_chapter", "The chapter number, e.g. 1998 c. 37, where known."),
    ("provision", "The section, sections, schedule, regulation or part."),
    (
        "power_or_duty",
        "power (may share), duty (must share), power_and_duty (may and in some cases must "
        "share), or duty_cooperate (a duty to co-operate, have regard or provide a service, "
        "which is not a duty to share).",
    ),
    ("express_or_implied", "express, or implied (read into the law rather than written in it)."),
    ("jurisdictions", "Where it applies: england, wales, scotland, northern_ireland."),
    ("who_may_share", "Who may share, and with whom."),
    ("permitted_purposes", "What the sharing may be for."),
    ("purposes", "Purpose tags used for filtering, e.g. safeguarding-children."),
    ("limits_and_exclusions", "What it does not allow."),
    (
        "overrides_confidentiality",
        "Whether it sets aside the common-law duty of confidentiality: yes, no, partly or unknown.",
    ),
    ("register_requirement", "Any duty to publish sharing under it in another register."),
    ("legislation_url", "The provision on legislation.gov.uk."),
    ("summary", "A plain-English summary."),
    ("verified", "true once someone has checked the details against the legislation itself."),
    ("verified_on", "The date of that check (YYYY-MM-DD), or empty."),
    ("page_url", "The gateway's page on this register."),
    ("updated_at", "When the entry last changed (ISO 8601, UTC offset included)."),
)


def gateway_record(gateway: Gateway, *, site_url: str) -> dict[str, Any]:
    """One gateway as open data. ``purposes`` must be prefetched."""
    return {
        "id": gateway.slug,
        "title": gateway.title,
        "act_title": gateway.act_title,
        "act_year": gateway.act_year,
        "act_chapter": gateway.act_chapter,
        "provision": gateway.provision,
        "power_or_duty": gateway.power_or_duty,
        "express_or_implied": gateway.express_or_implied,
        "jurisdictions": gateway.jurisdictions,
        "who_may_share": gateway.who_may_share,
        "permitted_purposes": gateway.permitted_purposes,
        "purposes": [purpose.slug for purpose in gateway.purposes.all()],
        "limits_and_exclusions": gateway.limits_and_exclusions,
        "overrides_confidentiality": gateway.overrides_confidentiality,
        "register_requirement": gateway.register_requirement,
        "legislation_url": gateway.legislation_url,
        "summary": gateway.summary,
        "verified": gateway.verified,
        "verified_on": gateway.verified_on.isoformat() if gateway.verified_on else None,
        "page_url": site_url.rstrip("/") + gateway.get_public_url(),
        "updated_at": gateway.updated_at.isoformat(),
    }
