import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.models import Agreement, Section
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft
from tests.partners.factories import AreaFactory, OrganisationFactory, day_month_year, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(
        area=area, name="Sheffield City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Ben Hartley")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(agreement: Agreement, key: str) -> str:
    return f"{agreement.get_absolute_url()}sections/{key}/"


def test_an_officer_starts_an_agreement_from_a_template(area: Area, officer: User) -> None:
    from tests.agreements.factories import load_templates

    load_templates()
    council = area.organisations.get()
    response = signed_in(officer).post(
        "/areas/sheffield/agreements/new/",
        {
            "template": "",
            "title": "",
            "lead_organisation": council.pk,
            **day_month_year("review_date", "2020-01-01"),
        },
    )
    page = response.content.decode()
    assert "Choose the kind of agreement" in page
    assert "Enter a title" in page
    assert "The review date must be in the future" in page
    assert not Agreement.objects.exists()
    from agreements.models import Template

    response = signed_in(officer).post(
        "/areas/sheffield/agreements/new/",
        {
            "template": Template.objects.get(slug="data-disclosure-agreement").pk,
            "title": "Discharge data",
            "lead_organisation": council.pk,
        },
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.kind == "disclosure"


def test_the_agreement_page_shows_sections_guidance_and_what_is_missing(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    page = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    assert "Purpose and benefits" in page
    assert "Sheffield City Council" in page  # {{parties}} filled in
    assert "things still to do" in page or "thing still to do" in page
    assert "Add the parties: at least 2." in page
    assert '<mark class="dsa-prompt">' in page


def test_preview_renders_without_saving(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    response = signed_in(officer).post(
        edit_url(agreement, "purpose"),
        {
            "body": "**Bold** for {{area}} <script>alert(1)</script>",
            "base_revision": 1,
            "preview": "1",
        },
    )
    page = response.content.decode()
    assert "<strong>Bold</strong> for Sheffield" in page
    assert "<script>alert(1)</script>" not in page
    assert "Preview (not saved)" in page
    assert Section.objects.get(agreement=agreement, key="purpose").revision == 1


def test_markdown_with_script_is_inert_on_the_agreement_page(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    section = Section.objects.get(agreement=agreement, key="purpose")
    body = '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) <b onmouseover="alert(4)">hi</b>'
    signed_in(officer).post(
        edit_url(agreement, "purpose"),
        {"body": body, "base_revision": section.revision, "save": "1"},
    )
    page = signed_in(officer).get(agreement.get_absolute_url()).content.decode()
    for bad in ("<script>alert(1)", "onerror", "javascript:alert", "onmouseover"):
        assert bad not in page


def test_two_browsers_editing_the_same_section_get_a_conflict_page(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    colleague = member_of(area, Role.OFFICER, full_name="Elaine Foster")
    mine, theirs = signed_in(officer), signed_in(colleague)
    # Both open the form at revision 1.
    assert (
        'name="base_revision" value="1"'
        in mine.get(edit_url(agreement, "purpose")).content.decode()
    )
    assert (
        'name="base_revision" value="1"'
        in theirs.get(edit_url(agreement, "purpose")).content.decode()
    )
    saved = theirs.post(
        edit_url(agreement, "purpose"),
        {"body": "Elaine's wording of the purpose", "base_revision": 1, "save": "1"},
    )
    assert saved.status_code == 302
    conflict = mine.post(
        edit_url(agreement, "purpose"),
        {"body": "Ben's wording of the purpose", "base_revision": 1, "save": "1"},
    )
    page = conflict.content.decode()
    assert conflict.status_code == 409
    assert "Elaine Foster saved" in page
    assert "Elaine&#x27;s wording of the purpose" in page
    assert "Ben&#x27;s wording of the purpose" in page
    assert '<del class="dsa-del">' in page
    assert '<ins class="dsa-ins">' in page
    assert (
        Section.objects.get(agreement=agreement, key="purpose").body
        == "Elaine's wording of the purpose"
    )
    # Keeping mine, knowingly, from the conflict page.
    assert 'name="base_revision" value="2"' in page
    mine.post(
        edit_url(agreement, "purpose"),
        {"body": "Ben's wording of the purpose", "base_revision": 2, "save": "1"},
    )
    assert (
        Section.objects.get(agreement=agreement, key="purpose").body
        == "Ben's wording of the purpose"
    )


def test_text_over_the_limit_is_an_error_that_keeps_the_text(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    text = "Long " * 20_001
    response = signed_in(officer).post(
        edit_url(agreement, "purpose"), {"body": text, "base_revision": 1, "save": "1"}
    )
    page = response.content.decode()
    assert "at most 100,000 characters" in page
    assert text.strip()[:500] in page
    assert Section.objects.get(agreement=agreement, key="purpose").revision == 1


def test_a_lawful_basis_breach_shows_beside_its_field_and_keeps_the_choices(
    area: Area, officer: User
) -> None:
    from gateways.models import DataCategory

    agreement = draft(area=area, officer=officer)
    health = DataCategory.objects.get(slug="health-and-care-records")
    response = signed_in(officer).post(
        f"{agreement.get_absolute_url()}lawful-bases/add/",
        {
            "data_category": health.pk,
            "party": agreement.parties.get().pk,
            "public_task": "on",
            "art6": "art6-1-e",
            "art9": "art9-2-h",
            "note": "Discharge",
        },
    )
    page = response.content.decode()
    assert "needs its own DPA 2018 Schedule 1 condition" in page
    assert "common-law duty of confidentiality" in page
    assert 'value="art9-2-h" selected' in page
    assert "Discharge" in page
    assert not agreement.category_bases.exists()


def test_reviewers_see_published_versions_but_never_drafts(area: Area, officer: User) -> None:
    OrganisationFactory(area=area, kind=OrganisationKind.ADVOCACY)
    reviewer = member_of(area, Role.REVIEWER)
    agreement = draft(area=area, officer=officer)
    client = signed_in(reviewer)
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert agreement.reference not in client.get("/areas/sheffield/agreements/").content.decode()
    services.version_issue(agreement=agreement, actor=officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    services.section_save(
        section=purpose,
        body="Unpublished draft wording",
        base_revision=purpose.revision,
        actor=officer,
    )
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "version 1" in page
    assert "Unpublished draft wording" not in page
    assert client.get(edit_url(agreement, "purpose")).status_code == 403


def test_another_areas_agreement_is_not_found(area: Area, officer: User) -> None:
    leeds = AreaFactory(slug="leeds")
    OrganisationFactory(area=leeds, kind=OrganisationKind.LOCAL_AUTHORITY)
    theirs = draft(area=leeds, officer=member_of(leeds, Role.OFFICER))
    client = signed_in(officer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(f"/areas/sheffield/agreements/{theirs.reference}/").status_code == 404


def test_comparing_versions_marks_changes_without_relying_on_colour(
    area: Area, officer: User
) -> None:
    agreement = draft(area=area, officer=officer)
    services.version_issue(agreement=agreement, actor=officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    services.section_save(
        section=purpose,
        body=purpose.body.replace("This protocol lets", "This protocol allows"),
        base_revision=purpose.revision,
        actor=officer,
    )
    services.version_issue(agreement=agreement, actor=officer)
    page = (
        signed_in(officer).get(f"{agreement.get_absolute_url()}versions/compare/").content.decode()
    )
    assert '<del class="dsa-del"><span class="govuk-visually-hidden">[removed: </span>lets' in page
    assert '<ins class="dsa-ins"><span class="govuk-visually-hidden">[added: </span>allows' in page
    assert "1 section changed" in page
    bad = signed_in(officer).get(
        f"{agreement.get_absolute_url()}versions/compare/", {"a": "1", "b": "9"}
    )
    assert bad.status_code == 400
    assert "There is no version 9" in bad.content.decode()
    same = signed_in(officer).get(
        f"{agreement.get_absolute_url()}versions/compare/", {"a": "2", "b": "2"}
    )
    assert "Choose two different versions" in same.content.decode()
    junk = signed_in(officer).get(
        f"{agreement.get_absolute_url()}versions/compare/", {"a": "x", "b": "<script>"}
    )
    assert junk.status_code == 400
    huge = signed_in(officer).get(
        f"{agreement.get_absolute_url()}versions/compare/", {"a": "1", "b": "9" * 30}
    )
    assert huge.status_code == 400
    assert "Choose a version" in huge.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _grow(
    agreement: Agreement, officer: User, sections: int, versions: int, threads: int = 0
) -> None:
    """Give the agreement ``sections`` sections and ``versions`` versions, with
    ``threads`` review threads spread over them: most on quoted words, some answered,
    some with suggested wording, some resolved, some whose words later went."""
    count = agreement.sections.count()
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=100 + n,
            key=f"extra-{n}",
            heading=f"Extra {n}",
            body=f"Text {n} that people read and quote from.",
        )
        for n in range(sections - count)
    )
    reviewer = member_of(agreement.area, Role.REVIEWER)
    keys = list(agreement.sections.values_list("key", flat=True))
    made = 0
    for n in range(versions - agreement.versions.count()):
        extra = Section.objects.get(agreement=agreement, key="purpose")
        services.section_save(
            section=extra,
            body=f"Purpose, take {n}, and what people read and quote from.",
            base_revision=extra.revision,
            actor=officer,
        )
        version = services.version_issue(agreement=agreement, actor=officer)
        for _ in range(threads // versions + (1 if n < threads % versions else 0)):
            # Most on quoted words: some that stay, some ("take n") that go next time.
            quote = ("people read", f"take {n}", "quote from", "")[made % 4]
            thread = services.comment_add(
                version=version,
                section_key="purpose" if quote else keys[made % len(keys)],
                quote=quote,
                body=f"Thread {made}",
                replacement="folk read" if quote == "people read" else None,
                actor=reviewer,
            )
            if made % 3 == 1:
                services.reply_add(comment=thread, body="An answer", actor=officer)
            if made % 5 == 2:
                services.comment_resolve(
                    comment=thread, resolution="not_accepted", note="Kept", actor=officer
                )
            made += 1
    assert agreement.comments.count() == threads


def test_pages_about_an_agreement_take_as_many_queries_however_large_it_grows(
    area: Area, officer: User
) -> None:
    small = complete(draft(area=area, officer=officer, title="Small"), officer)
    _grow(small, officer, sections=13, versions=2, threads=4)
    large = complete(draft(area=area, officer=officer, title="Large"), officer)
    _grow(large, officer, sections=40, versions=30, threads=40)
    assert large.comments.filter(outdated=True).exists()
    assert large.comments.filter(resolved_at__isnull=False).exists()
    officers = signed_in(officer)
    reviewers = signed_in(member_of(area, Role.REVIEWER))
    for client, page in (
        (officers, ""),  # the working copy
        (reviewers, ""),  # the latest version, with its threads
        (reviewers, "versions/1/"),
        (officers, "versions/compare/?a=1&b=2"),
        (officers, "versions/compare/"),
        (officers, "sections/purpose/"),
    ):
        assert _queries(client, small.get_absolute_url() + page) == _queries(
            client, large.get_absolute_url() + page
        ), page or "the agreement page"


def test_the_agreement_page_offers_to_resume_review_only_after_an_undone_edit(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    original = purpose.body
    purpose = services.section_save(
        section=purpose, body="A slip", base_revision=purpose.revision, actor=officer
    )
    client = signed_in(officer)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Issue version 2 for review" in page
    assert "back in review" not in page
    services.section_save(
        section=purpose, body=original, base_revision=purpose.revision, actor=officer
    )
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Put version 1 back in review" in page
    response = client.post(f"{agreement.get_absolute_url()}review/resume/", follow=True)
    assert "back in review" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "in_review"


def test_a_gateway_page_lists_the_agreements_that_rely_on_it(area: Area, officer: User) -> None:
    from agreements.models import Invitation
    from tests.agreements.factories import a_gateway, published

    own_draft = complete(draft(area=area, officer=officer, title="Sheffield discharge"), officer)
    essex = AreaFactory(slug="essex", name="Essex")
    OrganisationFactory(area=essex, kind=OrganisationKind.LOCAL_AUTHORITY)
    essex_officer = member_of(essex, Role.OFFICER)
    essex_published = published(area=essex, officer=essex_officer, title="Essex families")
    essex_draft = complete(
        draft(area=essex, officer=essex_officer, title="Essex secret"), essex_officer
    )
    gateway = a_gateway()

    page = signed_in(officer).get(f"/gateways/{gateway.slug}/").content.decode()
    assert f'href="{own_draft.get_absolute_url()}"' in page  # their own area: a link
    assert "Essex families" in page  # published elsewhere: listed, but not theirs to open
    assert f'href="{essex_published.get_absolute_url()}"' not in page
    assert "Essex secret" not in page

    public = Client().get(f"/register/gateways/{gateway.slug}/").content.decode()
    assert "Essex families" in public
    assert "Sheffield discharge" not in public
    assert "Essex secret" not in public
    assert "/areas/" not in public

    # A reviewer of Sheffield sees its agreements only once one is out for review; someone
    # invited to an Essex agreement can open that one.
    reviewer = member_of(area, Role.REVIEWER)
    assert (
        "Sheffield discharge"
        not in signed_in(reviewer).get(f"/gateways/{gateway.slug}/").content.decode()
    )
    services.version_issue(agreement=own_draft, actor=officer)
    assert (
        f'href="{own_draft.get_absolute_url()}"'
        in signed_in(reviewer).get(f"/gateways/{gateway.slug}/").content.decode()
    )
    services.version_issue(agreement=essex_draft, actor=essex_officer)
    # In review in Essex: still nothing to anyone in Sheffield who was not invited.
    for outsider in (officer, reviewer):
        assert (
            "Essex secret"
            not in signed_in(outsider).get(f"/gateways/{gateway.slug}/").content.decode()
        )
    Invitation.objects.create(agreement=essex_draft, user=reviewer, invited_by=essex_officer)
    assert (
        f'href="{essex_draft.get_absolute_url()}"'
        in signed_in(reviewer).get(f"/gateways/{gateway.slug}/").content.decode()
    )


def test_consent_by_a_public_authority_is_saved_with_a_warning(area: Area, officer: User) -> None:
    """UK GDPR Recital 43: advice shown on the form and beside the stack, never a block."""
    from gateways.models import DataCategory

    agreement = draft(area=area, officer=officer)
    contacts = DataCategory.objects.get(slug="contact-details")
    client = signed_in(officer)
    response = client.post(
        f"{agreement.get_absolute_url()}lawful-bases/add/",
        {
            "data_category": contacts.pk,
            "party": agreement.parties.get().pk,
            "public_task": "on",
            "art6": "art6-1-a",
        },
        follow=True,
    )
    page = response.content.decode()
    assert agreement.category_bases.get().art6_id == "art6-1-a"
    assert "consent is rarely freely given to a public body" in page
    assert page.count("Sheffield City Council: consent is rarely") >= 2


def test_a_missing_policy_document_shows_beside_its_field(area: Area, officer: User) -> None:
    from gateways.models import DataCategory

    agreement = draft(area=area, officer=officer)
    offences = DataCategory.objects.get(slug="criminal-offences")
    url = f"{agreement.get_absolute_url()}lawful-bases/add/"
    data = {
        "data_category": offences.pk,
        "party": agreement.parties.get().pk,
        "public_task": "on",
        "art6": "art6-1-e",
        "art10": "on",
        "schedule1": ["sch1-p2-10", "sch1-p3-36"],
    }
    page = signed_in(officer).post(url, data).content.decode()
    assert "needs an appropriate policy document" in page
    assert 'id="id_policy_document"' in page
    assert not agreement.category_bases.exists()
    signed_in(officer).post(url, {**data, "policy_document": "APD 4"})
    assert agreement.category_bases.get().policy_document == "APD 4"
