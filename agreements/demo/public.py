"""The public register's side of the demo: members of the public who gave their view of
two published agreements and confirmed it, one abusive comment an officer hid, and what
came of the benefits of an agreement at review. Made through the same services; done
once for each agreement, so seeding again adds nothing."""

from dataclasses import dataclass

from partners.demo import demo_email
from partners.models import Role, User

from .. import services
from ..models import Agreement, AssessmentTest, Publication, PublicView


@dataclass(frozen=True)
class PublicDemoView:
    email: str
    by_test: dict[str, int]
    position: int
    comment: str
    hide: str = ""  # the officer's reason, for a comment they hid


FAMILIES = "Supporting Families: sharing to offer early help"
HOMELESSNESS = "Preventing homelessness on leaving hospital"
MARAC = "Multi-agency risk assessment conferences (MARAC)"

P, Q, R = AssessmentTest.PURPOSEFUL, AssessmentTest.PROPORTIONATE, AssessmentTest.RESPONSIBLE

VIEWS: dict[str, list[PublicDemoView]] = {
    FAMILIES: [
        PublicDemoView(
            "resident.chelmsford@example.net",
            {P: 4, Q: 3, R: 3},
            4,
            "Help from one worker sounds right. I would want to be told before the police share anything about my family.",
        ),
        PublicDemoView(
            "parent.harlow@example.net",
            {P: 3, Q: 2, R: 2},
            2,
            "Families who ask for help should not end up on a police list.",
        ),
        PublicDemoView(
            "carer.colchester@example.net",
            {P: 5, Q: 4, R: 4},
            4,
            "",
        ),
        PublicDemoView(
            "angry.reader@example.net",
            {P: 1, Q: 1, R: 1},
            1,
            "You are all crooks and liars and should be locked up.",
            hide="Abusive: it attacks people rather than saying anything about the sharing.",
        ),
    ],
    HOMELESSNESS: [
        PublicDemoView(
            "tenant.sheffield@example.net",
            {P: 5, Q: 4, R: 4},
            5,
            "I was discharged with nowhere to go once. This would have helped.",
        ),
        PublicDemoView(
            "student.sheffield@example.net",
            {P: 4, Q: 4, R: 3},
            4,
            "Good that it needs the patient to agree. Please publish how many referrals are made.",
        ),
        PublicDemoView(
            "retired.nurse@example.net",
            {P: 4, Q: 3, R: 3},
            3,
            "",
        ),
    ],
}

OUTCOMES: dict[str, list[tuple[int, str, str]]] = {
    MARAC: [
        (
            0,
            "partly",
            "Repeat referrals within 12 months fell from 31% to 27%, against a target of 25%.",
        ),
    ],
    FAMILIES: [(0, "not_yet_known", "")],
}


def _agreement(title: str) -> Agreement | None:
    return (
        Agreement.objects.filter(title=title, publication__isnull=False)
        .select_related("area")
        .first()
    )


def _add_views(agreement: Agreement, officer: User, views: list[PublicDemoView]) -> int:
    publication = Publication.objects.get(agreement=agreement)
    if not publication.comments_open:
        services.public_comment_open(agreement=agreement, actor=officer)
    questions = publication.version.content["assessment"]["questions"]
    for spec in views:
        services.public_view_submit(
            agreement=agreement,
            email=spec.email,
            scores={q["code"]: spec.by_test[q["test"]] for q in questions},
            overall_position=spec.position,
            comment=spec.comment,
        )
        view = PublicView.objects.get(
            version=publication.version, email_hash=services.email_hash(spec.email)
        )
        view = services.public_view_confirm(view=view)
        if spec.hide:
            services.public_view_hide(view=view, actor=officer, reason=spec.hide)
    return len(views)


def seed() -> str:
    made = 0
    for title, views in VIEWS.items():
        agreement = _agreement(title)
        if agreement is None or agreement.public_views.exists():
            continue
        officer = User.objects.get(email=demo_email(Role.OFFICER, agreement.area.slug))
        made += _add_views(agreement, officer, views)
    outcomes = 0
    for title, records in OUTCOMES.items():
        agreement = _agreement(title)
        if agreement is None or agreement.benefit_outcomes.exists():
            continue
        officer = User.objects.get(email=demo_email(Role.OFFICER, agreement.area.slug))
        for index, outcome, evidence in records:
            services.benefit_outcome_record(
                agreement=agreement,
                actor=officer,
                benefit_index=index,
                outcome=outcome,
                evidence=evidence,
            )
            outcomes += 1
    return f"register: {made} public views, {outcomes} benefits realised\n"
