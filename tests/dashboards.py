"""An area with waiting work for every role, made through the services, for the dashboard
tests (server-side and in Chromium). ``Expected`` says what each person's dashboard
should count, worked out here from what was made, not from the dashboard's code."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Comment, Template
from gateways import services as gateway_services
from gateways.models import Gateway
from gateways.services import GatewayDetails
from notifications.models import Job
from partners import services as partner_services
from partners.models import Area, Organisation, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft, sign_all, signatory_for
from tests.gateways.factories import details
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of


@dataclass
class Expected:
    officer: dict[str, int]
    reviewer: dict[str, int]
    signatory: dict[str, int]
    admin: dict[str, int]


@dataclass
class World:
    area: Area
    officer: User
    reviewer: User
    signatory: User
    admin: User
    in_review: Agreement
    awaiting: Agreement
    due: Agreement
    expected: Expected


def _issued(agreement: Agreement, officer: User) -> Agreement:
    services.version_issue(agreement=agreement, actor=officer)
    return Agreement.objects.get(pk=agreement.pk)


def build() -> World:
    area = AreaFactory(name="Leeds", slug="leeds")
    council = OrganisationFactory(
        area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    OrganisationFactory(area=area, name="Leeds Voice", kind=OrganisationKind.VOLUNTARY)
    officer = member_of(area, Role.OFFICER, email="aisha@example.org", full_name="Aisha Rahman")
    reviewer = member_of(area, Role.REVIEWER, email="gareth@example.org", full_name="Gareth Lloyd")
    admin = member_of(area, Role.AREA_ADMIN, email="tom@example.org", full_name="Tom Brennan")
    signatory = signatory_for(council)
    signatory.email, signatory.full_name = "catherine@example.org", "Catherine Moore"
    signatory.save()

    # In review, with threads: one waiting, one answered, one answered and asked again,
    # and suggested wording (a thread waiting too).
    in_review = _issued(
        complete(draft(area=area, officer=officer, title="School attendance"), officer), officer
    )
    version = in_review.versions.get()
    section = version.content["sections"][0]["key"]
    waiting = services.comment_add(
        version=version, section_key=section, body="Why weekly?", actor=reviewer
    )
    answered = services.comment_add(
        version=version, section_key=section, body="Who sees it?", actor=reviewer
    )
    services.reply_add(comment=answered, body="Only the early help team.", actor=officer)
    again = services.comment_add(
        version=version, section_key=section, body="How long is it kept?", actor=reviewer
    )
    services.reply_add(comment=again, body="A year.", actor=officer)
    services.reply_add(comment=Comment.objects.get(pk=again.pk), body="Why a year?", actor=reviewer)
    text = version.content["sections"][0]["text"]
    quote = " ".join(text.split()[1:4])
    services.comment_add(
        version=version,
        section_key=section,
        body="Shorter, please.",
        actor=reviewer,
        quote=quote,
        replacement=quote.upper(),
    )
    assert waiting.pk

    # Awaiting sign-off by Catherine Moore, for the council.
    awaiting = complete(draft(area=area, officer=officer, title="Housing arrears"), officer)
    lead = awaiting.parties.get(organisation=council)
    services.party_update(party=lead, role=lead.role, signatory=signatory, actor=officer)
    awaiting = _issued(awaiting, officer)
    services.agreement_request_signoff(agreement=awaiting, actor=officer)

    # Signed, with its review date a month away.
    due = draft(area=area, officer=officer, title="Troubled families")
    services.agreement_update_details(
        agreement=due,
        actor=officer,
        title=due.title,
        lead_organisation=due.lead_organisation,
        review_date=timezone.localdate() + timedelta(days=30),
    )
    due = _issued(complete(due, officer), officer)
    services.agreement_request_signoff(agreement=due, actor=officer)
    sign_all(due)

    # For the area admin: a gateway proposal, a change to a gateway in the register and
    # a template revision, each from another area's admin; someone added who has not
    # yet set a password; and an e-mail that keeps failing.
    essex = AreaFactory(name="Essex", slug="essex")
    other = member_of(essex, Role.AREA_ADMIN)
    in_register = Gateway.objects.filter(status="approved").first()
    assert in_register is not None
    current = {
        name: getattr(in_register, name)
        for name in details().__dataclass_fields__
        if name != "purposes"
    }
    gateway_services.gateway_change_propose(
        gateway=in_register,
        details=GatewayDetails(**current | {"summary": "A clearer summary.", "purposes": []}),
        reason="Clearer",
        actor=other,
    )
    template = Template.objects.get(slug="information-sharing-protocol")
    section = template.versions.order_by("-number").first().sections.first()
    services.template_revise_section(
        template=template,
        key=section.key,
        heading=f"{section.heading}, revised",
        guidance=section.guidance,
        default_text=section.default_text,
        locked=section.locked,
        change_note="A clearer heading",
        actor=other,
        area=essex,
    )
    Job.objects.create(
        task="partners.tasks.send_invitation_task",
        arguments={"user_id": 0, "area_id": area.pk, "invited_by_id": None},
        area=area,
        description="Invitation e-mail to someone",
        attempts=3,
        last_error="SMTPServerDisconnected: the mail server went away",
        run_after=timezone.now() + timedelta(minutes=8),
    )
    gateway_services.gateway_propose(
        details=details(provision="s.17", act_title="Children Act", act_year=1989),
        reason="We rely on it",
        actor=other,
    )
    partner_services.member_add(
        area=area,
        email="new.officer@example.org",
        full_name="Ben Hartley",
        job_title="",
        organisation=Organisation.objects.get(pk=council.pk),
        role=Role.OFFICER,
        actor=admin,
    )

    return World(
        area=area,
        officer=officer,
        reviewer=reviewer,
        signatory=signatory,
        admin=admin,
        in_review=in_review,
        awaiting=awaiting,
        due=due,
        expected=Expected(
            # waiting, asked again, and the suggestion's thread; the answered one is not.
            officer={"threads": 3, "suggestions": 1, "review_soon": 1},
            # in review: one agreement; their own open threads: all four.
            reviewer={"open_for_review": 1, "threads": 4},
            signatory={"parties": 1},
            admin={
                "proposals": 1,
                "changes": 1,
                "revisions": 1,
                "invitations": 1,
                "undelivered": 1,
            },
        ),
    )
