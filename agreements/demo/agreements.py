"""Demo agreements in every state of their life, in several areas, made through the
same services officers use. Called by `seed_demo` after partners and gateways."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from gateways.models import DataCategory, Gateway, LawfulBasis
from partners import services as partner_services
from partners.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, demo_email
from partners.models import Membership, Organisation, Role, User

from .. import services
from ..models import Agreement, Section, Template
from . import assessments, perspectives, public, signoffs

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates.json"

# Extra signatories for partner organisations, so every party has someone to sign.
PARTNER_SIGNATORIES = {
    "essex-police": ("Andrew Clarke", "Data Protection Officer"),
    "mid-and-south-essex-nhs": ("Dr Sunita Patel", "Caldicott Guardian"),
    "eastlight-homes": ("Joanne Fisher", "Director of Customer Services"),
    "west-yorkshire-police": ("Mark Davies", "Data Protection Officer"),
    "leeds-teaching-hospitals": ("Dr Alan Brooks", "Caldicott Guardian"),
    "greater-manchester-police": ("Sarah O'Neill", "Senior Information Risk Owner"),
    "nhs-greater-manchester": ("Dr Ifeoma Obi", "Caldicott Guardian"),
    "sheffield-teaching-hospitals": ("Dr Peter Lang", "Caldicott Guardian"),
    "south-yorkshire-police": ("Claire Hobson", "Data Protection Officer"),
    "melton-housing-services": ("Neil Barker", "Head of Housing"),
    "west-midlands-fire": ("Gurpreet Sandhu", "Data Protection Officer"),
    "midland-heart": ("Emma Lowe", "Data Protection Officer"),
    "leicestershire-police": ("David Moss", "Data Protection Officer"),
}

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


def _all_prompts_filled(text: str) -> str:
    """Demo text for any prompt the specific texts did not cover."""
    import re

    return re.sub(
        r"\[\[(.+?)\]\]",
        lambda m: f"(Agreed by the parties: {m.group(1).rstrip('.')}.)",
        text,
        flags=re.DOTALL,
    )


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


def _signatory(organisation: Organisation) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.SIGNATORY)
        .select_related("user")
        .first()
    )
    if membership:
        return membership.user
    spec = PARTNER_SIGNATORIES.get(organisation.slug)
    if spec is None:
        return None
    email = f"signatory.{organisation.slug}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first() or partner_services.user_create(
        email=email, full_name=spec[0], job_title=spec[1], password=DEMO_PASSWORD
    )
    partner_services.membership_grant(
        user=user, organisation=organisation, role=Role.SIGNATORY, actor=None
    )
    return user


def _fill(agreement: Agreement, texts: dict[str, str], officer: User) -> None:
    for section in agreement.sections.order_by("position"):
        body = texts.get(section.key, section.body)
        body = _all_prompts_filled(body)
        if body != section.body:
            services.section_save(
                section=section, body=body, base_revision=section.revision, actor=officer
            )


def _save_bases(agreement: Agreement, basis: BASIS, officer: User) -> None:
    """The stack for each party named in ``basis["parties"]`` (organisation slugs), or for
    every party: each party relies on its own lawful bases."""

    def codes(key: str) -> list[LawfulBasis]:
        return list(LawfulBasis.objects.filter(code__in=basis.get(key, [])))  # type: ignore[misc]

    def one(key: str) -> LawfulBasis | None:
        return LawfulBasis.objects.filter(code=basis.get(key, "")).first()

    wanted = basis.get("parties")
    for party in agreement.parties.select_related("organisation"):
        if wanted is not None and party.organisation.slug not in wanted:  # type: ignore[operator]
            continue
        services.category_basis_save(
            agreement=agreement,
            party=party,
            data_category=DataCategory.objects.get(slug=basis["category"]),
            law_enforcement=bool(basis.get("law_enforcement")),
            public_task=True,
            art6=one("art6"),
            annex1=codes("annex1"),
            art9=one("art9"),
            art10=bool(basis.get("art10")),
            official_authority=bool(basis.get("official_authority")),
            schedule1=codes("schedule1"),
            part3=bool(basis.get("part3")),
            schedule8=codes("schedule8"),
            common_law=one("common_law"),
            policy_document=str(basis.get("policy_document", "")).format(
                organisation=party.organisation.name
            ),
            note="",
            actor=officer,
        )


def _build(spec: DemoAgreement) -> None:
    officer = User.objects.get(email=demo_email(Role.OFFICER, spec.area))
    admin = User.objects.get(email=demo_email(Role.AREA_ADMIN, spec.area))
    lead = Organisation.objects.get(area__slug=spec.area, slug=spec.lead)
    agreement = services.agreement_create(
        area=lead.area,
        template=Template.objects.get(slug=spec.template),
        title=spec.title,
        lead_organisation=lead,
        review_date=timezone.localdate() + timedelta(days=spec.review_in_days),
        actor=officer,
    )
    lead_party = agreement.parties.get()
    services.party_update(party=lead_party, role="both", signatory=_signatory(lead), actor=officer)
    for slug, role in spec.parties:
        organisation = Organisation.objects.get(area=lead.area, slug=slug)
        services.party_add(
            agreement=agreement,
            organisation=organisation,
            role=role,
            signatory=_signatory(organisation),
            actor=officer,
        )
    for slug in spec.gateways:
        services.gateway_link_add(
            agreement=agreement, gateway=Gateway.objects.get(slug=slug), note="", actor=officer
        )
    for basis in spec.bases:
        _save_bases(agreement, basis, officer)
    if spec.final_state == "draft":
        return
    _fill(agreement, spec.sections, officer)
    assessments.assess(agreement, officer)
    first = services.version_issue(
        agreement=agreement, actor=officer, note="First version for review."
    )
    if spec.comments:
        reviewer = User.objects.get(email=demo_email(Role.REVIEWER, spec.area))
        for key, quote, text, suggestion, reply in spec.comments:
            comment = services.comment_add(
                version=first,
                section_key=key,
                body=text,
                quote=quote,
                replacement=suggestion or None,
                actor=reviewer,
            )
            if reply:
                services.reply_add(comment=comment, body=reply, actor=officer)
        _invite_expert(agreement, officer)
    for key, text in spec.version_edits:
        section = Section.objects.get(agreement=agreement, key=key)
        services.section_save(
            section=section, body=text, base_revision=section.revision, actor=officer
        )
    if spec.version_edits:
        services.version_issue(
            agreement=agreement, actor=officer, note="Changes after reviewers' comments."
        )
    if spec.signoff != "declined_then_revised":
        perspectives.record_views(agreement, agreement.versions.order_by("-number")[0])
    if spec.final_state == "in_review":
        return
    if spec.final_state == "withdrawn":
        services.agreement_withdraw(agreement=agreement, actor=admin, reason=spec.note)
        return
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    signoffs.sign_off(agreement, officer, spec.signoff)
    if spec.final_state in ("awaiting_signoff", "signed"):
        return
    services.agreement_publish(agreement=agreement, actor=admin)
    if spec.final_state == "lapsed":
        services.agreement_lapse(agreement=agreement)


# Someone from outside the area's organisations, asked to review one agreement.
INVITED_NAME = "Dr Hannah Lewis"
INVITED_JOB = "Lecturer in health data ethics"


def invited_email(area_slug: str) -> str:
    return f"invited.{area_slug}@{DEMO_EMAIL_DOMAIN}"


def _invite_expert(agreement: Agreement, officer: User) -> None:
    email = invited_email(agreement.area.slug)
    if not User.objects.filter(email=email).exists():
        partner_services.user_create(
            email=email, full_name=INVITED_NAME, job_title=INVITED_JOB, password=DEMO_PASSWORD
        )
    services.invitation_add(
        agreement=agreement,
        email=email,
        full_name="",
        actor=officer,
        note="Your view on whether the retention period is justified would help us.",
    )


@transaction.atomic
def seed(*, stdout: TextIO, published_admin_password: bool = True) -> None:
    created_templates = sum(
        services.template_load(spec=spec)[1]
        for spec in json.loads(TEMPLATES.read_text(encoding="utf-8"))
    )
    made = 0
    for spec in DEMOS:
        if Agreement.objects.filter(area__slug=spec.area, title=spec.title).exists():
            continue
        _build(spec)
        made += 1
    adopted = 0
    published = Agreement.objects.filter(
        area__slug="essex", title=DEMOS[0].title, status="published"
    ).first()
    leeds_admin = User.objects.get(email=demo_email(Role.OFFICER, "leeds"))
    if (
        published
        and not Agreement.objects.filter(
            area__slug="leeds", adopted_from__agreement=published
        ).exists()
    ):
        services.agreement_adopt(
            version=published.versions.order_by("-number").first(),  # type: ignore[arg-type]
            area=published.area.__class__.objects.get(slug="leeds"),
            lead_organisation=Organisation.objects.get(
                area__slug="leeds", slug="leeds-city-council"
            ),
            actor=leeds_admin,
        )
        adopted = 1
    stdout.write(
        f"agreements: {created_templates} templates, {made} demo agreements, {adopted} adopted\n"
    )
    stdout.write(public.seed())
