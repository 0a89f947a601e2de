"""The register of agreements: each published agreement in plain words from its frozen
published version, found by search and filters, from its gateway, and from the home
page in at most three clicks; lapsed and withdrawn ones stay visible, marked."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Publication, PublicStatus
from audit.selectors import chain_head
from gateways.models import Gateway
from partners.models import Role
from tests.agreements.factories import BALANCE, published, sign_all
from tests.partners.factories import AreaFactory, member_of

from .conftest import OnRegister

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_the_page_says_in_plain_words_what_is_shared_by_whom_and_why(
    on_register: OnRegister,
) -> None:
    agreement = on_register.agreement
    page = _text(Client().get(f"/register/agreements/{agreement.reference}/"))
    version = agreement.signed_version
    assert version is not None
    for heading in (
        "Why it is shared",
        "What is shared, and about whom",
        "How easily people can be identified",
        "Who shares it",
        "The laws it relies on",
        "How long it is kept",
        "How it is kept safe",
        "Review date",
        "Who signed it, and when",
        "How to object or complain",
        "The good it does against the risk to privacy",
        "What it was meant to achieve, and what it did",
    ):
        assert heading in page, heading
    assert BALANCE in page
    assert version.sha256 in page
    assert version.assessment_sha256 in page
    for party in agreement.parties.select_related("organisation"):
        assert party.organisation.name in page
    assert "Identifiable: it shows who each person is" in page
    assert "In force" in page
    # No sealed PDF yet: the page says so rather than linking nowhere.
    assert "The sealed PDF of this version is not ready yet" in page


def test_the_register_shows_the_published_version_while_a_revision_is_drafted(
    on_register: OnRegister,
) -> None:
    agreement = on_register.agreement
    services.agreement_start_revision(agreement=agreement, actor=on_register.officer)
    section = agreement.sections.get(key="purpose")
    services.section_save(
        section=section,
        body="A DRAFT SENTENCE NOBODY HAS SIGNED.",
        base_revision=section.revision,
        actor=on_register.officer,
    )
    services.version_issue(agreement=agreement, actor=on_register.officer)
    page = _text(Client().get(f"/register/agreements/{agreement.reference}/"))
    assert "A DRAFT SENTENCE NOBODY HAS SIGNED." not in page
    assert "version 1" in page
    assert "In force" in page
    # Once the new version is signed and published, the register moves on to it.
    services.agreement_request_signoff(agreement=agreement, actor=on_register.officer)
    sign_all(agreement)
    services.agreement_publish(agreement=agreement, actor=on_register.officer)
    page = _text(Client().get(f"/register/agreements/{agreement.reference}/"))
    assert "A DRAFT SENTENCE NOBODY HAS SIGNED." in page
    assert "version 2" in page


def test_lapsed_and_withdrawn_agreements_stay_marked(on_register: OnRegister) -> None:
    agreement = on_register.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        review_date=timezone.localdate() - timedelta(days=1)
    )
    assert services.lapse_overdue_agreements() == 1
    client = Client()
    page = _text(client.get(f"/register/agreements/{agreement.reference}/"))
    assert "Lapsed" in page
    assert "passed without a review" in page
    # Starting a revision does not make it in force again.
    services.agreement_start_revision(agreement=agreement, actor=on_register.officer)
    assert Publication.objects.get(agreement=agreement).status == PublicStatus.LAPSED
    other = published(area=on_register.area, officer=on_register.officer, title="Fuel help")
    services.agreement_withdraw(agreement=other, actor=on_register.officer, reason="Scheme closed.")
    page = _text(client.get(f"/register/agreements/{other.reference}/"))
    assert "Withdrawn" in page
    assert "Scheme closed." in page
    listing = _text(client.get("/register/agreements/?status=withdrawn"))
    assert other.title in listing
    assert agreement.title not in listing


def test_search_and_filters_find_agreements(on_register: OnRegister) -> None:
    other_area = AreaFactory(name="Sheffield", slug="sheffield")
    officer = member_of(other_area, Role.OFFICER)
    other = published(area=other_area, officer=officer, title="Hospital discharge support")
    client = Client()
    assert other.title in _text(client.get("/register/agreements/?q=discharge"))
    assert on_register.agreement.title not in _text(client.get("/register/agreements/?q=discharge"))
    by_area = _text(client.get("/register/agreements/?area=leeds"))
    assert on_register.agreement.title in by_area
    assert other.title not in by_area
    assert other.title in _text(client.get(f"/register/agreements/?q={other.reference}"))
    publication = Publication.objects.get(agreement=on_register.agreement)
    gateway = publication.gateways.get()
    assert on_register.agreement.title in _text(
        client.get(f"/register/agreements/?gateway={gateway.slug}")
    )
    organisation = publication.organisations.filter(area=on_register.area).first()
    assert organisation is not None
    found = _text(client.get(f"/register/agreements/?organisation={organisation.pk}"))
    assert on_register.agreement.title in found
    assert other.title not in found
    category = publication.data_categories.get()
    assert on_register.agreement.title in _text(
        client.get(f"/register/agreements/?category={category.slug}")
    )
    theme = publication.themes.first()
    assert theme is not None
    assert on_register.agreement.title in _text(
        client.get(f"/register/agreements/?theme={theme.theme}")
    )
    empty = _text(client.get("/register/agreements/?theme=housing&area=sheffield&q=nothing"))
    assert "No agreements match" in empty


def test_a_resident_reaches_their_areas_agreement_in_three_clicks(
    on_register: OnRegister,
) -> None:
    """From the register's home page: the area, then the agreement."""
    client = Client()
    home = client.get("/register/").content.decode()
    area_link = next(link for link in _links(home) if "area=leeds" in link)
    area_page = client.get(unescape(area_link)).content.decode()
    detail = f"/register/agreements/{on_register.agreement.reference}/"
    assert detail in _links(area_page)
    assert client.get(detail).status_code == 200


def test_each_gateway_page_lists_the_agreements_relying_on_it(
    on_register: OnRegister,
) -> None:
    publication = Publication.objects.get(agreement=on_register.agreement)
    gateway = publication.gateways.get()
    page = Client().get(f"/register/gateways/{gateway.slug}/").content.decode()
    assert f"/register/agreements/{on_register.agreement.reference}/" in page
    # A gateway the agreement's working copy later drops still lists the published one.
    services.agreement_start_revision(agreement=on_register.agreement, actor=on_register.officer)
    link = on_register.agreement.gateway_links.get()
    services.gateway_link_remove(link=link, actor=on_register.officer)
    page = Client().get(f"/register/gateways/{gateway.slug}/").content.decode()
    assert f"/register/agreements/{on_register.agreement.reference}/" in page
    other = Gateway.objects.exclude(pk=gateway.pk).first()
    if other is not None:
        assert "No published agreement relies on this gateway yet." in (
            Client().get(f"/register/gateways/{other.slug}/").content.decode()
        )


def test_the_chain_head_is_shown_with_how_to_check_it(on_register: OnRegister) -> None:
    head = chain_head()
    assert head is not None
    page = Client().get("/register/").content.decode()
    assert f"Number {head.seq}" in page
    assert head.hash in page
    assert f"verify_audit --expect-head {head.seq}:{head.hash}" in page


def test_an_unknown_agreement_is_not_found(db: None) -> None:
    assert Client().get("/register/agreements/NOPE-1/").status_code == 404
    assert Client().get("/register/agreements/" + "x" * 500 + "/").status_code == 404
