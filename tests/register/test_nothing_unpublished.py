"""Nothing that is not published leaves the service: an unpublished agreement, a draft
(and an issued, unsigned version) of a published one, a comment an officer hid, and a
view never confirmed appear in no public page or export. The test follows every link
of the public register from its home page, and reads every export."""

import re
from collections import deque
from html import unescape

import pytest
from django.test import Client

from agreements import services
from agreements.models import Publication
from partners.models import Role
from tests.agreements.factories import complete, draft, public_view_counted, published, sign_all
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db

SECRETS = {
    "unpublished title": "Unpublished pilot of tenancy matching",
    "unpublished text": "UNPUBLISHED-SECTION-WORDS",
    "signed, not published": "Signed but not yet published sharing",
    "draft of a published one": "DRAFT-OF-PUBLISHED-WORDS",
    "draft title of a published one": "A renamed draft title",
    "hidden comment": "HIDDEN-ABUSIVE-WORDS",
    "unconfirmed comment": "UNCONFIRMED-WORDS",
    "an address": "watcher@example.net",
}


def _build() -> dict[str, str]:
    area = AreaFactory(name="Essex", slug="essex")
    officer = member_of(area, Role.OFFICER)
    reviewer = member_of(area, Role.REVIEWER)
    agreement = published(area=area, officer=officer, title="Supporting families")
    public_view_counted(agreement, officer, email="one@example.net", comment="A fair trade-off.")
    hidden = public_view_counted(
        agreement, officer, email="two@example.net", comment=SECRETS["hidden comment"]
    )
    services.public_view_hide(view=hidden, actor=officer, reason="Abusive")
    publication = Publication.objects.get(agreement=agreement)
    services.public_view_submit(
        agreement=agreement,
        email=SECRETS["an address"],
        scores={},
        overall_position=2,
        comment=SECRETS["unconfirmed comment"],
    )
    # A revision of the published agreement, issued as version 2 and in review.
    services.agreement_start_revision(agreement=agreement, actor=officer)
    services.agreement_update_details(
        agreement=agreement,
        title=SECRETS["draft title of a published one"],
        lead_organisation=agreement.lead_organisation,
        review_date=agreement.review_date,
        actor=officer,
    )
    section = agreement.sections.get(key="purpose")
    services.section_save(
        section=section,
        body=SECRETS["draft of a published one"],
        base_revision=section.revision,
        actor=officer,
    )
    version = services.version_issue(agreement=agreement, actor=officer)
    services.perspective_record(
        version=version, actor=reviewer, scores={}, overall_position=1, comment="Reviewer only"
    )
    # An agreement never published, in review.
    unpublished = complete(
        draft(area=area, officer=officer, title=SECRETS["unpublished title"]), officer
    )
    section = unpublished.sections.get(key="purpose")
    services.section_save(
        section=section,
        body=SECRETS["unpublished text"],
        base_revision=section.revision,
        actor=officer,
    )
    services.version_issue(agreement=unpublished, actor=officer)
    # And one signed but not published.
    signed = complete(
        draft(area=area, officer=officer, title=SECRETS["signed, not published"]), officer
    )
    services.version_issue(agreement=signed, actor=officer)
    services.agreement_request_signoff(agreement=signed, actor=officer)
    sign_all(signed)
    assert publication.version.number == 1
    # The words are there to be leaked: officers see them.
    inside = Client()
    inside.force_login(officer)
    page = unescape(inside.get(agreement.get_absolute_url()).content.decode())
    assert SECRETS["draft of a published one"] in page
    assert SECRETS["draft title of a published one"] in page
    side = unescape(inside.get(agreement.get_absolute_url() + "public/").content.decode())
    assert SECRETS["hidden comment"] not in side  # hidden: officers see the reason instead
    return {"unpublished": unpublished.reference, "signed": signed.reference}


def _body(response: object) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def _crawl(client: Client, start: str, limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        seen[url] = body
        if response["Content-Type"].startswith("text/html"):
            for link in re.findall(r'href="(/register/[^"#]*)"', body):
                if link not in seen:
                    queue.append(link)
    return seen


def test_nothing_unpublished_reaches_a_public_page_or_export() -> None:
    references = _build()
    client = Client()
    pages = _crawl(client, "/register/")
    json_pages = []
    url = "/register/agreements.json?per_page=1"
    while url:
        body = client.get(url).json()
        json_pages.append(str(body))
        url = body["next"] and body["next"].split("/register/", 1)[1]
        url = url and "/register/" + url
    exports = {
        "/register/agreements.csv",
        "/register/feed.atom",
        "/register/insights/",
        "/register/insights.csv",
        "/register/gateways.json",
        "/register/gateways.csv",
    }
    assert exports <= set(pages) | exports
    everything = {**pages, **{u: _body(client.get(u)) for u in exports}}
    everything["json pages"] = "\n".join(json_pages)
    # The crawl reached the published agreement and its pages.
    assert any("/register/agreements/" in url for url in pages)
    assert (
        "A fair trade-off."
        in everything["/register/agreements/" + Publication.objects.get().reference + "/"]
    )
    assert len(pages) >= 20, sorted(pages)
    for name, secret in SECRETS.items():
        leaks = [url for url, body in everything.items() if secret.lower() in body.lower()]
        assert not leaks, f"{name} appears in {leaks}"
    for reference in references.values():
        assert client.get(f"/register/agreements/{reference}/").status_code == 404
        assert client.get(f"/register/agreements/{reference}/your-view/").status_code == 404
        for body in everything.values():
            assert reference not in body
