"""The agreement users meet after months of review: 40 sections of varied prose (about
400 words each, with lists and emphasis), 30 versions, 300 comment threads from several
reviewers (70% on quoted words, a third with replies, some resolved, some left behind
by later wording), a trade-off assessment with 24 people's views of it, three parties
with their lawful bases and a gateway. Built through the services, as people would.

Sizes come from the environment, so a quick run can use a smaller one:
BENCH_SECTIONS, BENCH_VERSIONS, BENCH_COMMENTS.
"""

import os
import random
from dataclasses import dataclass

from agreements import services
from agreements.anchoring import plain_text
from agreements.models import (
    Agreement,
    AssessmentQuestion,
    Comment,
    CommentResolution,
    Section,
    Template,
    Version,
)
from gateways.models import DataCategory, Gateway, LawfulBasis
from partners import services as partner_services
from partners.models import Organisation, OrganisationKind, Role, User

SECTIONS = int(os.environ.get("BENCH_SECTIONS", "40"))
VERSIONS = int(os.environ.get("BENCH_VERSIONS", "30"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "300"))
WORDS_PER_SECTION = 400

SUBJECTS = (
    "Each party",
    "The council's children's services",
    "The police safeguarding hub",
    "The trust's discharge team",
    "The data protection officer of each party",
    "Staff named in Schedule 2",
    "The lead organisation",
    "The receiving party",
    "The housing provider",
    "The information governance group",
)
VERBS = (
    "shares only the minimum personal data needed for",
    "records the reason for each disclosure made under",
    "reviews at least once a year the necessity of",
    "tells the people concerned, in plain words, about",
    "keeps an auditable log of every request made for",
    "stops sharing at once when it no longer needs data for",
    "agrees in writing any change to the purposes of",
    "checks the accuracy of the records it holds for",
    "gives access, on a need-to-know basis only, to data for",
    "deletes or returns, within 30 days of the end of the work, data held for",
)
OBJECTS = (
    "the early help assessment of families with children under five",
    "the multi-agency risk assessment conference",
    "the discharge of patients who need care at home",
    "the prevention of homelessness among care leavers",
    "the investigation of suspected benefit fraud",
    "the evaluation of the troubled families programme",
    "the planning of school places across the county",
    "the response to domestic abuse referrals",
    "the identification of adults at risk of self-neglect",
    "the monitoring of outcomes for the public",
)
CLAUSES = (
    "unless the law requires otherwise",
    "as set out in the data protection impact assessment",
    "and the reasons are kept with the record",
    "in line with the retention schedule in Annex B",
    "having first consulted the data protection officer",
    "so that nobody is identified in published figures",
    "within five working days of a request",
    "after the partnership board has agreed it",
)


def _sentence(rng: random.Random) -> str:
    sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        sentence += f", {rng.choice(CLAUSES)}"
    if rng.random() < 0.15:
        sentence = sentence.replace("only", "**only**", 1)
    return sentence + "."


def prose(rng: random.Random, words: int = WORDS_PER_SECTION) -> str:
    """Paragraphs of varied sentences, with a bulleted list now and then, of about
    ``words`` words in all."""
    blocks: list[str] = []
    count = 0
    while count < words:
        if rng.random() < 0.2:
            items = [f"- {_sentence(rng)}" for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(items))
        else:
            blocks.append(" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))))
        count += len(blocks[-1].split())
    return "\n\n".join(blocks)


def _person(email: str, organisation: Organisation, role: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    user = partner_services.user_create(email=email, full_name=email.split("@")[0], password=None)
    partner_services.membership_grant(user=user, organisation=organisation, role=role, actor=None)
    return user


@dataclass
class Reviewed:
    agreement: Agreement
    officer: User
    reviewer: User
    signatory: User


def _organisation(area_slug: str, kind: str) -> Organisation:
    organisation = Organisation.objects.filter(area__slug=area_slug, kind=kind).first()
    assert organisation is not None, f"no {kind} in {area_slug}"
    return organisation


def _setup(area_slug: str, officer: User, rng: random.Random) -> tuple[Agreement, User]:
    lead = _organisation(area_slug, OrganisationKind.LOCAL_AUTHORITY)
    agreement = services.agreement_create(
        area=lead.area,
        template=Template.objects.get(slug="information-sharing-protocol"),
        title="Early help for families: sharing between the council, police and NHS",
        lead_organisation=lead,
        actor=officer,
    )
    signatory = _person(
        f"bench-reviewed-signatory-{agreement.pk}@example.org", lead, Role.SIGNATORY
    )
    for kind in (OrganisationKind.NHS_BODY, OrganisationKind.POLICE):
        organisation = _organisation(area_slug, kind)
        if not agreement.parties.filter(organisation=organisation).exists():
            services.party_add(
                agreement=agreement,
                organisation=organisation,
                role="both",
                signatory=None,
                actor=officer,
            )
    services.gateway_link_add(
        agreement=agreement,
        gateway=Gateway.objects.filter(status="approved").order_by("pk").first(),
        note="The council's duty to safeguard children.",
        actor=officer,
    )
    for party in agreement.parties.all():
        services.category_basis_save(
            agreement=agreement,
            party=party,
            data_category=DataCategory.objects.get(slug="contact-details"),
            law_enforcement=False,
            public_task=True,
            art6=LawfulBasis.objects.get(code="art6-1-e"),
            art9=None,
            art10=False,
            schedule1=[],
            part3=False,
            schedule8=[],
            common_law=None,
            note="",
            actor=officer,
        )
    codes = list(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=agreement.assessment.revision,
        answers={code: services.Answer(rng.randint(2, 5), _sentence(rng)) for code in codes},
        fields={
            "risk_of_not_sharing": _sentence(rng),
            "balance_statement": " ".join(_sentence(rng) for _ in range(4)),
            "overall_position": 4,
        },
    )
    existing = agreement.sections.count()
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=100 + n,
            key=f"schedule-{n + 1}",
            heading=f"Schedule {n + 1}: {rng.choice(OBJECTS)}",
        )
        for n in range(max(0, SECTIONS - existing))
    )
    admin = User.objects.get(
        memberships__organisation__area=lead.area, memberships__role=Role.AREA_ADMIN
    )
    for section in agreement.sections.all():
        services.section_save(
            section=section,
            body=prose(rng),
            base_revision=section.revision,
            actor=admin if section.locked else officer,
        )
    return agreement, signatory


def _reviewers(area_slug: str) -> list[User]:
    people = [User.objects.get(email=f"reviewer.{area_slug}@example.org")]
    for n, kind in enumerate((OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY) * 2):
        organisation = Organisation.objects.filter(area__slug=area_slug, kind=kind).first()
        if organisation is not None:
            people.append(_person(f"bench-reviewer-{n}@example.org", organisation, Role.REVIEWER))
    return people


def _quote(rng: random.Random, text: str) -> tuple[str, str, str]:
    words = text.split(" ")
    length = rng.randint(3, 9)
    start = rng.randrange(0, max(1, len(words) - length))
    before = " ".join(words[:start])
    quote = " ".join(words[start : start + length])
    after = " ".join(words[start + length :])
    return quote, before[-32:], after[:32]


def _comment_on(
    rng: random.Random, version: Version, reviewers: list[User], officer: User, count: int
) -> None:
    sections = version.content["sections"]
    for _ in range(count):
        section = rng.choice(sections)
        author = rng.choice(reviewers)
        quote = prefix = suffix = ""
        if rng.random() < 0.7:
            quote, prefix, suffix = _quote(rng, plain_text(section["text"]))
        comment = services.comment_add(
            version=version,
            section_key=section["key"],
            body=" ".join(_sentence(rng) for _ in range(rng.randint(1, 3))),
            actor=author,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            replacement=_sentence(rng) if quote and rng.random() < 0.1 else None,
        )
        if rng.random() < 0.35:
            services.reply_add(comment=comment, body=_sentence(rng), actor=officer)
            if rng.random() < 0.5:
                services.reply_add(comment=comment, body=_sentence(rng), actor=author)


def _resolve_some(rng: random.Random, agreement: Agreement, officer: User) -> None:
    for comment in Comment.objects.filter(agreement=agreement, resolved_at=None):
        if rng.random() < 0.03:
            services.comment_resolve(
                comment=comment,
                resolution=CommentResolution.NOT_ACCEPTED,
                note=_sentence(rng),
                actor=officer,
            )


def _revise(rng: random.Random, agreement: Agreement, officer: User) -> None:
    """Rewrite a sentence or two in a few unlocked sections, as a revision would."""
    unlocked = list(agreement.sections.filter(locked=False))
    for section in rng.sample(unlocked, k=min(3, len(unlocked))):
        sentences = section.body.split(". ")
        for _ in range(2):
            sentences[rng.randrange(len(sentences))] = _sentence(rng).rstrip(".")
        services.section_save(
            section=section,
            body=". ".join(sentences),
            base_revision=section.revision,
            actor=officer,
        )


def reviewed_agreement(*, area_slug: str, officer: User, seed: int = 12) -> Reviewed:
    """The agreement, in review at its last version, with the people who use it."""
    rng = random.Random(seed)
    agreement, signatory = _setup(area_slug, officer, rng)
    reviewers = _reviewers(area_slug)
    per_version = [
        COMMENTS // VERSIONS + (1 if n < COMMENTS % VERSIONS else 0) for n in range(VERSIONS)
    ]
    version = None
    for number in range(VERSIONS):
        if number:
            _revise(rng, agreement, officer)
        version = services.version_issue(agreement=agreement, actor=officer)
        _comment_on(rng, version, reviewers, officer, per_version[number])
        _resolve_some(rng, agreement, officer)
    assert version is not None
    codes = list(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
    kinds = (
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.NHS_BODY,
        OrganisationKind.POLICE,
        OrganisationKind.VOLUNTARY,
        OrganisationKind.ADVOCACY,
        OrganisationKind.HOUSING,
    )
    for n in range(24):
        organisation = Organisation.objects.filter(area__slug=area_slug, kind=kinds[n % 6]).first()
        if organisation is None:
            continue
        civil = organisation.kind in (OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY)
        person = _person(
            f"bench-weigher-{n}@example.org",
            organisation,
            Role.REVIEWER if civil else Role.OFFICER,
        )
        services.perspective_record(
            version=version,
            actor=person,
            scores={code: 1 + (n + i) % 5 for i, code in enumerate(codes)},
            overall_position=1 + n % 5,
            comment=_sentence(rng),
        )
    agreement.refresh_from_db()
    return Reviewed(
        agreement=agreement,
        officer=officer,
        reviewer=reviewers[0],
        signatory=signatory,
    )
