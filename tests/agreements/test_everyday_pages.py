"""What officers meet drafting day to day: locked clauses read-only with the reason, every
lawful-basis layer on a version, one date format, signatories named with the
organisation they sign for, gateways with their gist, and "ready for sign-off"."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Section, Version
from agreements.snapshot import build_snapshot, canonical, sha256
from gateways.models import DataCategory, LawfulBasis
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import a_gateway, complete, draft, signatory_for
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


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


def test_an_officer_reads_a_locked_clause_with_the_reason_and_whom_to_ask(
    area: Area, officer: User
) -> None:
    member_of(area, Role.AREA_ADMIN, full_name="Tom Brennan")
    agreement = draft(area=area, officer=officer)
    section = Section.objects.filter(agreement=agreement, locked=True).first()
    assert section is not None
    url = f"{agreement.get_absolute_url()}sections/{section.key}/"
    page = signed_in(officer).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "only an area admin can change it" in html
    assert "ask Tom Brennan (area admin)" in html
    assert "<textarea" not in html
    assert "Save section" not in html
    refused = signed_in(officer).post(url, {"body": "Changed", "base_revision": section.revision})
    assert refused.status_code == 403
    section.refresh_from_db()
    assert section.body != "Changed"
    detail = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    assert "Standard wording: only an area admin can change it." in detail


def test_an_area_admin_still_edits_a_locked_clause(area: Area, officer: User) -> None:
    admin = member_of(area, Role.AREA_ADMIN, full_name="Tom Brennan")
    agreement = draft(area=area, officer=officer)
    section = Section.objects.filter(agreement=agreement, locked=True).first()
    assert section is not None
    url = f"{agreement.get_absolute_url()}sections/{section.key}/"
    assert "<textarea" in signed_in(admin).get(url).content.decode()


def _with_every_layer(agreement: Agreement, officer: User) -> None:
    basis = agreement.category_bases.select_related("party").first()
    services.category_basis_save(
        agreement=agreement,
        party=basis.party,
        data_category=DataCategory.objects.get(slug="contact-details"),
        law_enforcement=False,
        public_task=True,
        art6=LawfulBasis.objects.get(code="art6-1-e"),
        art9=None,
        art10=False,
        schedule1=[],
        part3=False,
        schedule8=[],
        common_law=LawfulBasis.objects.get(code="cl-public-interest"),
        note="Addresses only.",
        actor=officer,
        basis=basis,
    )


def test_a_version_shows_every_lawful_basis_layer_and_dates_in_words(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    _with_every_layer(agreement, officer)
    services.agreement_update_details(
        agreement=agreement,
        actor=officer,
        title=agreement.title,
        lead_organisation=agreement.lead_organisation,
        review_date=date(2030, 12, 1),
    )
    services.version_issue(agreement=agreement, actor=officer)
    html = signed_in(officer).get(f"{agreement.get_absolute_url()}versions/1/").content.decode()
    assert "UK GDPR Article 6" in html
    assert "Common-law duty of confidentiality" in html
    assert "Overriding public interest" in html
    assert "Addresses only." in html
    assert "1 December 2030" in html
    assert "2030-12-01" not in html


def test_the_party_form_says_whom_each_signatory_signs_for(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    police = OrganisationFactory(
        area=area, name="West Yorkshire Police", kind=OrganisationKind.POLICE
    )
    for organisation, name in (
        (police, "Michael Grant"),
        (agreement.lead_organisation, "Catherine Moore"),
    ):
        person = signatory_for(organisation)
        person.full_name = name
        person.save()
    html = signed_in(officer).get(f"{agreement.get_absolute_url()}parties/add/").content.decode()
    assert "Catherine Moore, signs for Leeds City Council" in html
    assert "Michael Grant, signs for West Yorkshire Police" in html
    party = agreement.parties.get()
    edit = signed_in(officer).get(f"{agreement.get_absolute_url()}parties/{party.pk}/")
    assert "Catherine Moore, signs for Leeds City Council" in edit.content.decode()
    assert "Michael Grant" not in edit.content.decode()


def test_gateways_are_offered_with_their_gist(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    gateway = a_gateway()
    html = signed_in(officer).get(f"{agreement.get_absolute_url()}gateways/add/").content.decode()
    assert 'type="radio"' in html
    assert gateway.title in html
    first_sentence = gateway.summary.split(". ")[0]
    assert first_sentence in html
    assert "govuk-radios__hint" in html


def test_the_agreement_says_when_it_is_ready_for_sign_off(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    page = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    assert "still to do" in page
    assert "Ready for sign-off" not in page
    complete(agreement, officer)
    page = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    assert "still to do" not in page
    assert "Ready for sign-off" in page
    assert "Issue a version, then ask for sign-off." in page


def test_the_greeting_copes_with_a_title(area: Area) -> None:
    doctor = member_of(area, Role.REVIEWER, full_name="Dr Hannah Lewis")
    page = signed_in(doctor).get("/").content.decode()
    assert "Welcome, Dr Hannah Lewis." in page
    assert "Welcome, Dr." not in page


def test_parties_are_joined_with_and_while_older_versions_still_match(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    names = sorted(p.organisation.name for p in agreement.parties.all())
    text = " ".join(s["text"] for s in build_snapshot(agreement)["sections"])
    assert f"{names[0]} and {names[1]}" in text
    assert f"{names[0]}, {names[1]}" not in text
    # A version frozen before (schema 4) listed them with a comma, and still matches.
    old = build_snapshot(agreement, schema=4)
    assert f"{names[0]}, {names[1]}" in " ".join(s["text"] for s in old["sections"])
    Version.objects.create(
        agreement=agreement,
        number=1,
        content=old,
        canonical=canonical(old),
        sha256=sha256(canonical(old)),
        issued_by=officer,
        issued_at=timezone.now(),
    )
    with pytest.raises(services.AgreementError, match="Nothing has changed"):
        services.version_issue(agreement=agreement, actor=officer)


def test_asking_for_sign_off_with_threads_open_is_confirmed_with_a_reason_kept_in_words(
    area: Area, officer: User
) -> None:
    reviewer = member_of(area, Role.REVIEWER, full_name="Gareth Lloyd")
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    services.comment_add(
        version=version,
        section_key=version.content["sections"][0]["key"],
        body="Why weekly?",
        actor=reviewer,
    )
    url = f"{agreement.get_absolute_url()}sign-off/request/"
    client = signed_in(officer)
    page = client.get(url).content.decode()
    assert "Why weekly?" in page
    assert "Ask for sign-off with 1 thread unresolved" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 409
    assert client.post(url, {"reason": "Answered at the board meeting."}).status_code == 302
    trail = client.get(agreement.get_absolute_url()).content.decode()
    assert "Aisha Rahman asked for sign-off of version 1" in trail
    assert "<dt>Review threads still unresolved</dt><dd>1</dd>" in trail
    assert "<dt>Reason</dt><dd>Answered at the board meeting.</dd>" in trail
