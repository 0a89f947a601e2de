"""The demo agreements, one case each: its area, template, parties, gateways, lawful
bases and texts, and how far through its life it goes (drafted, reviewed, signed off in
one of several ways, published, lapsed or withdrawn). Built by agreements."""

from dataclasses import dataclass, field

BASIS = dict[str, object]

# Each party keeps its own appropriate policy document (DPA 2018 Sch 1 Part 4).
OWN_POLICY_DOCUMENT = "{organisation}: appropriate policy document (2026)"


@dataclass
class DemoAgreement:
    area: str
    template: str
    title: str
    lead: str
    parties: list[tuple[str, str]]
    gateways: list[str]
    bases: list[BASIS]
    sections: dict[str, str]
    final_state: str
    review_in_days: int = 365 * 2
    version_edits: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    # Comments made by the area's demo reviewer on version 1: (section, quote, text,
    # suggested wording or "", officer's reply or "").
    comments: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # How sign-off goes (see signoffs.sign_off): every party in the service,
    # "condition_and_paper", or "declined_then_revised".
    signoff: str = "everyone"


PURPOSE_FAMILIES = (
    "This protocol lets {{parties}} share information in {{area}} so that families facing several "
    "problems at once (school absence, debt, domestic abuse, poor health) are offered early help from "
    "one lead worker, before problems become crises.\n\n"
    "The expected benefits are:\n\n"
    "- families get one plan and one worker instead of being assessed by every service separately;\n"
    "- fewer children need to become looked after or excluded from school;\n"
    "- the council can show which early help works, using aggregated figures only."
)

DEMOS = [
    DemoAgreement(
        area="essex",
        template="information-sharing-protocol",
        title="Supporting Families: sharing to offer early help",
        lead="essex-county-council",
        parties=[
            ("essex-police", "provider"),
            ("mid-and-south-essex-nhs", "provider"),
            ("eastlight-homes", "provider"),
        ],
        gateways=[
            "digital-economy-act-2017-s35-multiple-disadvantages",
            "children-act-2004-s10",
            "children-act-2004-s11",
        ],
        bases=[
            {"category": "contact-details", "art6": "art6-1-e"},
            {
                "category": "childrens-social-care",
                "art6": "art6-1-e",
                "art9": "art9-2-g",
                "schedule1": ["sch1-p2-18"],
                "common_law": "cl-public-interest",
                "policy_document": OWN_POLICY_DOCUMENT,
            },
            {
                "category": "police-incidents",
                "art6": "art6-1-e",
                "art10": True,
                "schedule1": ["sch1-p2-18", "sch1-p3-36"],
                "policy_document": OWN_POLICY_DOCUMENT,
            },
        ],
        sections={
            "purpose": PURPOSE_FAMILIES,
            "data-items": "| Data item | Why it is needed |\n|---|---|\n| Names, dates of birth and address of household members | To match records across services |\n| School attendance and exclusions | To identify families who meet the criteria |\n| Police call-outs for domestic abuse at the address | To identify families at risk |\n| Rent arrears band | To identify families at risk of eviction |",
            "special-category": "Children's social care records may include health information. Partners rely on Article 9(2)(g) with Schedule 1 paragraph 18 (safeguarding of children and individuals at risk). Police call-outs are criminal offence data: partners rely on Article 10 with paragraph 18, extended by paragraph 36 so that the substantial public interest test does not apply. Each party names its own appropriate policy document.",
            "retention": "Each party keeps the shared data for no longer than two years after the family's support ends, and then deletes it securely.",
        },
        version_edits=[
            (
                "retention",
                "Each party keeps the shared data for no longer than 18 months after the family's support ends, and then deletes it securely. Aggregated figures with small numbers suppressed may be kept for evaluation.",
            )
        ],
        final_state="published",
    ),
    DemoAgreement(
        area="leeds",
        template="data-disclosure-agreement",
        title="School attendance data for early help",
        lead="leeds-city-council",
        parties=[("west-yorkshire-police", "recipient")],
        gateways=["children-act-2004-s11", "education-act-2002-s175"],
        bases=[{"category": "education-records", "art6": "art6-1-e"}],
        sections={
            "purpose": "{{lead_organisation}} discloses weekly school attendance figures for children known to the early help service to [[the recipient]], so that officers attending incidents know when a child has stopped attending school.",
        },
        version_edits=[
            (
                "purpose",
                "{{lead_organisation}} discloses weekly school attendance figures, for children already known to the early help service only, to West Yorkshire Police, so that officers attending incidents know when a child has stopped attending school and can refer the family.",
            )
        ],
        comments=[
            (
                "purpose",
                "weekly school attendance figures",
                "Why weekly? Would monthly figures be enough for officers to know to refer a family?",
                "",
                "Weekly, because a sudden drop is the warning sign; a month is too late. We will say so in the purpose.",
            ),
            (
                "purpose",
                "for children known to the early help service",
                "Please make clear that children not already known to early help are never included.",
                "for children already known to the early help service only",
                "",
            ),
            (
                "retention",
                "",
                "How will the police show that they have deleted the figures after the period?",
                "",
                "",
            ),
        ],
        final_state="in_review",
    ),
    DemoAgreement(
        area="greater-manchester",
        template="information-sharing-protocol",
        title="Serious Violence Duty: sharing between specified authorities",
        lead="gmca",
        parties=[("greater-manchester-police", "both"), ("nhs-greater-manchester", "provider")],
        gateways=["police-crime-sentencing-and-courts-act-2022-s16"],
        bases=[
            {"category": "aggregated-statistics", "art6": "art6-1-e"},
            {
                "category": "police-incidents",
                "art6": "art6-1-e",
                "art10": True,
                # Specified authorities under the Serious Violence Duty act under the
                # control of official authority (PCSC Act 2022 s.16): no Schedule 1
                # condition is needed.
                "official_authority": True,
                "parties": ["gmca", "nhs-greater-manchester"],
            },
            {
                # The police use the same records for law enforcement: DPA 2018 Part 3.
                "category": "police-incidents",
                "law_enforcement": True,
                "part3": True,
                "parties": ["greater-manchester-police"],
            },
        ],
        sections={
            "purpose": "{{parties}} share information to prepare and carry out the strategic needs assessment and strategy required by the Serious Violence Duty in {{area}}."
        },
        final_state="awaiting_signoff",
        signoff="declined_then_revised",
    ),
    DemoAgreement(
        area="sheffield",
        template="information-sharing-protocol",
        title="Safe discharge from hospital into adult social care",
        lead="sheffield-city-council",
        parties=[("sheffield-teaching-hospitals", "provider")],
        gateways=["care-act-2014-s42", "health-and-social-care-act-2012-s251b"],
        bases=[
            {
                "category": "health-and-care-records",
                "art6": "art6-1-e",
                "art9": "art9-2-h",
                "schedule1": ["sch1-p1-2"],
                # Individual care: consent implied by the person's care team.
                "common_law": "cl-consent",
            }
        ],
        sections={
            "purpose": "{{parties}} share information so that people leaving hospital in {{area}} have care in place on the day they go home."
        },
        final_state="signed",
        signoff="condition_and_paper",
    ),
    DemoAgreement(
        area="sheffield",
        template="data-disclosure-agreement",
        title="Preventing homelessness on leaving hospital",
        lead="sheffield-city-council",
        parties=[("sheffield-teaching-hospitals", "provider")],
        gateways=["housing-act-1996-s213b"],
        bases=[
            {"category": "contact-details", "art6": "art6-1-e"},
            {"category": "housing-and-tenancy", "art6": "art6-1-e"},
        ],
        sections={
            "purpose": "{{parties}} share information so that patients in {{area}} who may be homeless, or about to be, are referred to the council's housing options team before they leave hospital. The hospital refers a patient only if the patient agrees, as the duty to refer in section 213B of the Housing Act 1996 requires.",
            "data-items": "| Data item | Why it is needed |\n|---|---|\n| Name, date of birth and how to contact the patient | So the housing team can reach them |\n| The patient's housing problem, in their own words | So the right help is offered |\n| The expected date of discharge | So help starts in time |",
            "retention": "The council keeps a referral for six years after the case closes, as it keeps every homelessness case, and then deletes it. The hospital keeps only a note in the patient's record that a referral was made.",
        },
        final_state="published",
        review_in_days=365,
    ),
    DemoAgreement(
        area="melton",
        template="data-disclosure-agreement",
        title="Tenancy sustainment referrals",
        lead="melton-borough-council",
        parties=[("melton-housing-services", "recipient")],
        gateways=[],
        bases=[],
        sections={},
        final_state="draft",
    ),
    DemoAgreement(
        area="west-midlands",
        template="data-disclosure-agreement",
        title="Fuel poverty support under the Digital Economy Act",
        lead="wmca",
        parties=[("west-midlands-fire", "recipient")],
        gateways=["digital-economy-act-2017-s35"],
        bases=[{"category": "benefits-and-income", "art6": "art6-1-e"}],
        sections={},
        final_state="withdrawn",
        note="Withdrawn: the energy supplier scheme it supported closed in March.",
    ),
    DemoAgreement(
        area="essex",
        template="information-sharing-protocol",
        title="Multi-agency risk assessment conferences (MARAC)",
        lead="essex-county-council",
        parties=[("essex-police", "both")],
        gateways=["crime-and-disorder-act-1998-s115"],
        bases=[
            {
                "category": "police-incidents",
                "art6": "art6-1-e",
                "art10": True,
                "schedule1": ["sch1-p2-10", "sch1-p3-36"],
                "policy_document": OWN_POLICY_DOCUMENT,
            }
        ],
        sections={},
        final_state="lapsed",
        review_in_days=-60,
    ),
]
