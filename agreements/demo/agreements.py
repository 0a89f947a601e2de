"""Demo agreements in every state of their life, in several areas, made through the
same services officers use. Called by `seed_demo` after partners and gateways."""

import json
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
from .cases import BASIS, DEMOS, DemoAgreement

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


def _all_prompts_filled(text: str) -> str:
    """Demo text for any prompt the specific texts did not cover."""
    import re

    return re.sub(
        r"\[\[(.+?)\]\]",
        lambda m: f"(Agreed by the parties: {m.group(1).rstrip('.')}.)",
        text,
        flags=re.DOTALL,
    )


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
