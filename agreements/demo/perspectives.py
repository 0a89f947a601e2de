"""The views of the demo agreements' trade-offs held by people from different
stakeholder groups, recorded on the version they weighed through the services."""

from dataclasses import dataclass

from partners.models import Role, User

from .. import services
from ..models import Agreement, Version
from .trade_offs import ORDER

# The test each question belongs to: a view scores each test, not each question.
TEST_OF = {
    "direct-benefits": "purposeful",
    "social-outcomes": "purposeful",
    "public-expectations": "purposeful",
    "minimises-harm": "purposeful",
    "not-sharing": "purposeful",
    "least-data": "proportionate",
    "limits-on-use": "proportionate",
    "sensitivity-weighed": "proportionate",
    "secure": "responsible",
    "delivers-outcome": "responsible",
    "public-resources": "responsible",
}


@dataclass
class View:
    """One person's view: who (an e-mail), a score per test (every question of the test
    gets it, one question they could not judge left out), overall position, comment."""

    email: str
    by_test: dict[str, int]
    position: int
    comment: str
    cannot_judge: str = ""


def _demo(role: str, area: str) -> str:
    return f"{role.replace('_', '-')}.{area}@example.org"


def _signatory_of(area: str, organisation: str) -> str:
    return f"signatory.{organisation}@example.org"


VIEWS: dict[str, list[View]] = {
    "Preventing homelessness on leaving hospital": [
        View(
            _demo(Role.OFFICER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "sheffield"),
            {"purposeful": 4, "proportionate": 4, "responsible": 3},
            4,
            "Consent must be real: a ward is not a place where people feel free to say no.",
        ),
        View(
            _signatory_of("sheffield", "sheffield-teaching-hospitals"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
    ],
    "Supporting Families: sharing to offer early help": [
        View(
            _demo(Role.OFFICER, "essex"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            5,
            "One worker per family is what families told us they want.",
        ),
        View(
            _demo(Role.REVIEWER, "essex"),
            {"purposeful": 3, "proportionate": 2, "responsible": 3},
            3,
            "Police call-outs are shared without the family knowing until the first meeting. That is a real cost to trust.",
            "public-resources",
        ),
        View(
            _signatory_of("essex", "essex-police"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Call-out data is limited to domestic abuse at the address.",
        ),
        View(
            _signatory_of("essex", "mid-and-south-essex-nhs"),
            {"purposeful": 4, "proportionate": 3, "responsible": 4},
            4,
            "Health details stay with the NHS, which we insisted on.",
        ),
        View(
            _signatory_of("essex", "eastlight-homes"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "Arrears bands are enough for us to help early.",
        ),
        View(
            _demo(Role.SIGNATORY, "essex"),
            {"purposeful": 4, "proportionate": 4, "responsible": 5},
            5,
            "",
        ),
    ],
    "School attendance data for early help": [
        View(
            _demo(Role.OFFICER, "leeds"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Limited to children already known to early help.",
        ),
        View(
            _demo(Role.REVIEWER, "leeds"),
            {"purposeful": 3, "proportionate": 2, "responsible": 3},
            2,
            "Weekly figures to the police feel like surveillance of families who are already struggling.",
        ),
        View(
            "invited.leeds@example.org",
            {"purposeful": 3, "proportionate": 3, "responsible": 3},
            3,
            "The aim is sound; the case for weekly rather than monthly figures is not yet made.",
            "public-resources",
        ),
        View(
            _signatory_of("leeds", "west-yorkshire-police"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "",
        ),
    ],
    "Serious Violence Duty: sharing between specified authorities": [
        View(
            _demo(Role.OFFICER, "greater-manchester"),
            {"purposeful": 4, "proportionate": 5, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "greater-manchester"),
            {"purposeful": 4, "proportionate": 4, "responsible": 3},
            4,
            "Much better than version 1. Disabled people are over-represented in A&E figures; please check the strategy does not stigmatise them.",
        ),
        View(
            _signatory_of("greater-manchester", "nhs-greater-manchester"),
            {"purposeful": 4, "proportionate": 4, "responsible": 4},
            4,
            "Aggregated figures meet our concern.",
        ),
        View(
            _signatory_of("greater-manchester", "greater-manchester-police"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
    ],
    "Safe discharge from hospital into adult social care": [
        View(
            _demo(Role.OFFICER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 4},
            5,
            "",
        ),
        View(
            _demo(Role.REVIEWER, "sheffield"),
            {"purposeful": 5, "proportionate": 4, "responsible": 3},
            4,
            "Please publish the weekly figures so we can see whether it works.",
        ),
        View(
            _signatory_of("sheffield", "sheffield-teaching-hospitals"),
            {"purposeful": 5, "proportionate": 5, "responsible": 4},
            5,
            "",
        ),
    ],
}


def record_views(agreement: Agreement, version: Version) -> None:
    for view in VIEWS.get(agreement.title, []):
        person = User.objects.filter(email=view.email).first()
        if person is None:
            continue
        services.perspective_record(
            version=version,
            actor=person,
            scores={
                code: (None if code == view.cannot_judge else view.by_test[TEST_OF[code]])
                for code in ORDER
            },
            overall_position=view.position,
            comment=view.comment,
        )
