"""The pages of the trade-off and sign-off, as people use them."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.models import AgreementStatus, AssessmentQuestion, Perspective, SignOff
from audit.models import Event
from partners.models import Area, Organisation, OrganisationKind, Role, User
from tests.agreements.factories import bases_for_every_party, complete, draft, signatory_for
from tests.partners.factories import (
    PASSWORD,
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    day_month_year,
    member_of,
)

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="leeds", name="Leeds")
    OrganisationFactory(area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Aisha Rahman")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def awaiting_signoff(area: Area, officer: User, *, comment_by: User | None = None) -> Any:
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    reason = ""
    if comment_by is not None:
        services.comment_add(
            version=version, section_key="purpose", body="Is weekly needed?", actor=comment_by
        )
        reason = "Discussed at the board."
    services.agreement_request_signoff(agreement=agreement, actor=officer, reason=reason)
    agreement.refresh_from_db()
    return agreement


def signoff_url(agreement: Any) -> str:
    return f"{agreement.get_absolute_url()}sign-off/"


def lead_party(agreement: Any) -> Any:
    return agreement.parties.select_related("organisation", "signatory").get(
        organisation=agreement.lead_organisation
    )


def decision(agreement: Any, **changes: Any) -> dict[str, Any]:
    party = lead_party(agreement)
    return {
        "version_number": agreement.versions.order_by("-number").first().number,
        "organisation": party.organisation_id,
        "decision": "approve",
        "conditions": "",
        "capacity": "dpo",
        "capacity_other": "",
        "balance_accepted": "on",
        "password": PASSWORD,
    } | changes


def test_the_sign_off_page_shows_threads_balance_views_hashes_then_the_form(
    area: Area, officer: User
) -> None:
    reviewer = member_of(area, Role.REVIEWER, full_name="Gareth Lloyd")
    agreement = awaiting_signoff(area, officer, comment_by=reviewer)
    version = agreement.versions.get()
    page = signed_in(lead_party(agreement).signatory).get(signoff_url(agreement)).content.decode()
    markers = [
        "Review threads still unresolved",
        "Is weekly needed?",
        "The balance you are asked to accept",
        agreement.assessment.balance_statement[:40],
        "How each group sees it",
        version.sha256,
        version.assessment_sha256,
        "Your decision",
        'name="password"',
    ]
    positions = [page.find(marker) for marker in markers]
    assert all(p >= 0 for p in positions), dict(zip(markers, positions, strict=True))
    assert positions == sorted(positions)


def test_a_signatory_signs_with_their_password(area: Area, officer: User) -> None:
    agreement = awaiting_signoff(area, officer)
    signatory = lead_party(agreement).signatory
    response = signed_in(signatory).post(
        signoff_url(agreement), decision(agreement, capacity="siro")
    )
    assert response.status_code == 302
    made = SignOff.objects.get()
    assert (made.signatory, made.capacity, made.decision) == (signatory, "siro", "approve")
    page = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    assert "Approved" in page
    assert "Senior information risk owner" in page
    assert made.recorded_at.strftime("%Y") in page


def test_a_wrong_password_records_nothing_counts_towards_the_pause_and_keeps_the_input(
    area: Area, officer: User
) -> None:
    agreement = awaiting_signoff(area, officer)
    client = signed_in(lead_party(agreement).signatory)
    response = client.post(
        signoff_url(agreement),
        decision(
            agreement,
            password="not-my-password",
            decision="approve_with_conditions",
            conditions="Only monthly figures",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The password is not right" in page
    assert "Only monthly figures" in page
    assert not SignOff.objects.exists()
    assert Event.objects.filter(verb="auth.sign_in_failed").count() == 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(signoff_url(agreement), decision(agreement, password="wrong again"))
    paused = client.post(signoff_url(agreement), decision(agreement))  # the right one, too late
    assert paused.status_code == 429
    assert "paused" in paused.content.decode()
    assert not SignOff.objects.exists()


def test_declining_without_reasons_is_a_form_error(area: Area, officer: User) -> None:
    agreement = awaiting_signoff(area, officer)
    response = signed_in(lead_party(agreement).signatory).post(
        signoff_url(agreement), decision(agreement, decision="decline", conditions="")
    )
    assert response.status_code == 400
    assert "Say why you decline" in response.content.decode()
    assert not SignOff.objects.exists()


def test_only_the_chosen_signatories_reach_the_sign_off_page(area: Area, officer: User) -> None:
    agreement = awaiting_signoff(area, officer)
    another = member_of(area, Role.SIGNATORY)
    assert signed_in(another).get(signoff_url(agreement)).status_code == 403
    assert signed_in(another).post(signoff_url(agreement), decision(agreement)).status_code == 403
    assert signed_in(officer).get(signoff_url(agreement)).status_code == 403
    assert not SignOff.objects.exists()


def test_a_version_issued_while_the_page_was_open_is_a_clear_error(
    area: Area, officer: User
) -> None:
    agreement = awaiting_signoff(area, officer)
    posted = decision(agreement)
    purpose = agreement.sections.get(key="purpose")
    services.section_save(
        section=purpose, body="New words", base_revision=purpose.revision, actor=officer
    )
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    response = signed_in(lead_party(agreement).signatory).post(signoff_url(agreement), posted)
    assert response.status_code == 400
    assert "version 2 was issued since this page was opened" in response.content.decode()
    assert not SignOff.objects.exists()


def test_asking_for_sign_off_with_open_threads_needs_a_reason(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    services.comment_add(
        version=version, section_key="purpose", body="Why?", actor=member_of(area, Role.REVIEWER)
    )
    url = f"{agreement.get_absolute_url()}sign-off/request/"
    client = signed_in(officer)
    page = client.get(url).content.decode()
    assert "1 review thread still unresolved" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 409
    assert "Confirm that sign-off should go ahead and say why" in refused.content.decode()
    assert client.post(url, {"reason": "Answered in the meeting."}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.AWAITING_SIGNOFF


def test_asking_for_sign_off_after_a_change_keeps_the_reason_and_says_why(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    services.comment_add(
        version=version, section_key="purpose", body="Why?", actor=member_of(area, Role.REVIEWER)
    )
    section = agreement.sections.get(key="purpose")
    services.section_save(
        section=section, body="Changed after issue.", base_revision=section.revision, actor=officer
    )
    response = signed_in(officer).post(
        f"{agreement.get_absolute_url()}sign-off/request/", {"reason": "Answered in the meeting."}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Issue them as a new version first" in page
    assert "Answered in the meeting." in page
    agreement.refresh_from_db()
    assert agreement.status != S.AWAITING_SIGNOFF


def test_an_officer_records_a_sign_off_made_on_paper(area: Area, officer: User) -> None:
    agreement = awaiting_signoff(area, officer)
    party = lead_party(agreement)
    url = f"{agreement.get_absolute_url()}sign-off/record/"
    form = {
        "version_number": 1,
        "organisation": party.organisation_id,
        "signatory_name": "Catherine Moore",
        "decision": "approve",
        "capacity": "dpo",
        **day_month_year("signed_on", "2026-11-12"),
        "evidence": "",
    }
    refused = signed_in(officer).post(url, form)
    assert refused.status_code == 400
    assert "Say where the signature is recorded" in refused.content.decode()
    assert (
        signed_in(officer).post(url, form | {"evidence": "Board minutes, item 7"}).status_code
        == 302
    )
    made = SignOff.objects.get()
    assert made.method == "outside"
    assert made.evidence == "Board minutes, item 7"


def test_the_assessment_page_saves_and_a_stale_save_keeps_what_was_typed(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    url = f"{agreement.get_absolute_url()}assessment/"
    code = AssessmentQuestion.objects.filter(active=True).first().code
    form = {
        "base_revision": agreement.assessment.revision,
        f"score_{code}": "4",
        f"reason_{code}": "",
        "balance_statement": "My careful balance",
        "overall_position": "4",
    }
    missing_reason = signed_in(officer).post(url, form)
    assert missing_reason.status_code == 200
    assert "Give the reason for this score" in missing_reason.content.decode()
    form[f"reason_{code}"] = "Because"
    colleague = member_of(area, Role.OFFICER, full_name="Laura Bennett")
    assert signed_in(colleague).post(url, form | {"balance_statement": "Theirs"}).status_code == 302
    stale = signed_in(officer).post(url, form)
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Laura Bennett saved the assessment since you opened it" in page
    assert "My careful balance" in page  # what they typed
    assert "Theirs" in page  # what is saved now
    assert (
        signed_in(officer)
        .post(url, form | {"base_revision": agreement.assessment.revision + 1})
        .status_code
        == 302
    )
    agreement.assessment.refresh_from_db()
    assert agreement.assessment.balance_statement == "My careful balance"


def test_a_reviewer_records_a_view_and_sees_it_counted(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    reviewer = member_of(area, Role.REVIEWER)
    url = f"{agreement.get_absolute_url()}versions/1/your-view/"
    client = signed_in(reviewer)
    assert "Your view of the trade-off" in client.get(url).content.decode()
    code = AssessmentQuestion.objects.filter(active=True).first().code
    refused = client.post(url, {f"score_{code}": "2", "comment": "Too much"})
    assert refused.status_code == 400
    assert "Choose where you think the balance falls" in refused.content.decode()
    assert (
        client.post(
            url, {f"score_{code}": "2", "overall_position": "2", "comment": "Too much"}
        ).status_code
        == 302
    )
    perspective = Perspective.objects.get()
    assert perspective.group == "advocacy"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Advocacy" in page
    assert "<svg" in page
    assert "Too much" in page


def test_no_view_on_a_draft_only_agreement(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    reviewer = member_of(area, Role.REVIEWER)
    assert (
        signed_in(reviewer).get(f"{agreement.get_absolute_url()}versions/1/your-view/").status_code
        == 404
    )


def test_a_signatory_finds_their_sign_off_waiting_on_the_dashboard(
    area: Area, officer: User
) -> None:
    agreement = awaiting_signoff(area, officer)
    signatory = lead_party(agreement).signatory
    page = signed_in(signatory).get("/").content.decode()
    assert "Waiting for your sign-off (1)" in page
    assert signoff_url(agreement) in page
    idle = member_of(area, Role.SIGNATORY)
    assert "Nothing is waiting for your sign-off" in signed_in(idle).get("/").content.decode()


def _world_of_views(area: Area, officer: User, *, loaded: bool) -> Any:
    """An agreement with four parties awaiting sign-off; ``loaded``: with 60 perspectives
    from six groups and four sign-offs."""
    agreement = complete(draft(area=area, officer=officer, title=f"Loaded {loaded}"), officer)
    for kind in (OrganisationKind.NHS_BODY, OrganisationKind.HOUSING):
        organisation = OrganisationFactory(area=area, kind=kind)
        services.party_add(
            agreement=agreement,
            organisation=organisation,
            role="provider",
            signatory=signatory_for(organisation),
            actor=officer,
        )
    bases_for_every_party(agreement, officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    if loaded:
        kinds = [
            OrganisationKind.LOCAL_AUTHORITY,
            OrganisationKind.NHS_BODY,
            OrganisationKind.POLICE,
            OrganisationKind.HOUSING,
            OrganisationKind.VOLUNTARY,
            OrganisationKind.ADVOCACY,
        ]
        codes = list(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
        for n in range(60):
            kind = kinds[n % 6]
            organisation = Organisation.objects.filter(
                area=area, kind=kind
            ).first() or OrganisationFactory(area=area, kind=kind)
            role = (
                Role.REVIEWER
                if kind in (OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY)
                else Role.OFFICER
            )
            person = UserFactory()
            MembershipFactory(user=person, organisation=organisation, role=role)
            services.perspective_record(
                version=version,
                actor=person,
                scores={c: 1 + (n + i) % 5 for i, c in enumerate(codes)},
                overall_position=1 + n % 5,
                comment=f"View {n}",
            )
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    if loaded:
        for index, party in enumerate(
            agreement.parties.select_related("organisation", "signatory")
        ):
            services.signoff_record(
                agreement=agreement,
                organisation=party.organisation,
                actor=party.signatory,
                version_number=1,
                decision="decline" if index == 0 else "approve",
                conditions="Not yet" if index == 0 else "",
                capacity="dpo",
                balance_accepted=index != 0,
                password_confirmed=True,
            )
        assert SignOff.objects.filter(agreement=agreement).count() == 4
        assert (
            Perspective.objects.filter(agreement=agreement).values("group").distinct().count() == 6
        )
    return agreement


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_agreement_page_takes_as_many_queries_with_sixty_views_and_four_sign_offs(
    area: Area, officer: User
) -> None:
    empty = _world_of_views(area, officer, loaded=False)
    loaded = _world_of_views(area, officer, loaded=True)
    client = signed_in(officer)
    for url in ("", "versions/1/", "sign-off/request/"):
        assert _queries(client, f"{loaded.get_absolute_url()}{url}") == _queries(
            client, f"{empty.get_absolute_url()}{url}"
        ), url
    page = client.get(loaded.get_absolute_url()).content.decode()
    assert page.count("n=10") >= 6  # every group's count on the chart
    assert "Declined" in page
