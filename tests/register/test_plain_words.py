"""Everything the public reads is written for a resident: Flesch reading ease of at least
60 for the median text and none below 40, in Understanding Patient Data's words (no
"pseudonymised", no "personal data" in public labels).

Reading ease is computed by textstat (pinned in pyproject.toml); the floor applies to
each gateway's plain summary, each data category's description, the identifiability
labels, and every paragraph of the register's own pages."""

import re
import statistics
from html.parser import HTMLParser

import pytest
import textstat  # type: ignore[import-untyped]
from django.test import Client

from agreements import services as services_agreements
from agreements.models import PublicView
from agreements.services.public_views import confirmation_token
from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import DataCategory, Gateway, Identifiability
from partners.models import Role
from register.forms import PRIVACY_NOTICE
from tests.agreements.factories import public_view_counted, published
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db

MEDIAN_FLOOR = 60
EVERY_FLOOR = 40
AVOID = re.compile(r"pseudonymi[sz]ed|personal data", re.IGNORECASE)


class Paragraphs(HTMLParser):
    """The text of each paragraph of prose (<p class="govuk-body...">, not the small print
    of tags and lists) in the page's main content."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.depth = 0
        self.current: list[str] | None = None
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        classes = (dict(attrs).get("class") or "").split()
        prose = any(c in ("govuk-body", "govuk-body-l") for c in classes)
        if self.in_main and tag == "p" and prose:
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag == "p" and self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.found.append(text)
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


def paragraphs(html: str) -> list[str]:
    parser = Paragraphs()
    parser.feed(html)
    return parser.found


def ease(text: str) -> float:
    return float(textstat.flesch_reading_ease(text))


def assert_readable(texts: dict[str, str]) -> None:
    scores = {name: ease(text) for name, text in texts.items()}
    hard = {name: round(score) for name, score in scores.items() if score < EVERY_FLOOR}
    assert not hard, f"Below {EVERY_FLOOR}: {hard}"
    median = statistics.median(scores.values())
    assert median >= MEDIAN_FLOOR, f"Median reading ease {median:.0f} < {MEDIAN_FLOOR}"


def test_the_reading_ease_library_scores_as_expected() -> None:
    """A guard that the pinned library works offline and still scores plain text high and
    legal text low, so the floors below mean what they say."""
    assert ease("The council may share your address with the police.") > 60
    legal = (
        "Notwithstanding any enactment or rule of law prohibiting or restricting the "
        "disclosure of information, a specified person may disclose information held in "
        "connection with any of its functions for the purposes of a specified objective."
    )
    assert ease(legal) < 40


def test_every_gateway_summary_is_plain() -> None:
    assert_readable(
        {f"{e['act_title']} {e['provision']}": e["summary"] for e in catalogue_entries()}
    )


def test_data_category_words_are_plain() -> None:
    categories = DataCategory.objects.all()
    assert categories.count() >= 12
    assert_readable({c.slug: c.description for c in categories})
    for category in categories:
        assert not AVOID.search(f"{category.name} {category.description}"), category.slug
    labels = dict(Identifiability.choices)
    assert_readable(labels)
    assert not any(AVOID.search(label) for label in labels.values())


def test_the_registers_pages_are_plain() -> None:
    services.gateway_catalogue_load(entries=catalogue_entries())
    client = Client()
    texts: dict[str, str] = {}
    for url in ("/register/", "/register/gateways/"):
        for n, text in enumerate(paragraphs(client.get(url).content.decode())):
            texts[f"{url} paragraph {n}"] = text
    for gateway in Gateway.objects.all():
        html = client.get(gateway.get_public_url()).content.decode()
        assert gateway.summary in html.replace("&#x27;", "'")
    assert len(texts) >= 5
    assert_readable(texts)
    for name, text in texts.items():
        assert not AVOID.search(text), name
    for entry in catalogue_entries():
        assert not AVOID.search(entry["summary"]), entry["provision"]


def test_the_register_of_agreements_and_the_publics_pages_are_plain() -> None:
    """Our own words on the agreement pages, the public's form and its confirmation, and
    the insights (the agreements' own text is the parties' and is not counted: it is
    never in a paragraph of ours)."""
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER)
    agreement = published(area=area, officer=officer, title="School attendance")
    public_view_counted(agreement, officer)
    services_agreements.public_view_submit(
        agreement=agreement, email="new@example.net", scores={}, overall_position=3, comment=""
    )
    waiting = PublicView.objects.get(confirmed_at=None)
    counted = PublicView.objects.exclude(confirmed_at=None).get()
    client = Client()
    reference = agreement.reference
    urls = (
        "/register/agreements/",
        "/register/agreements/?q=nothing-matches-this",
        f"/register/agreements/{reference}/",
        f"/register/agreements/{reference}/your-view/",
        f"/register/agreements/{reference}/your-view/sent/",
        f"/register/your-view/{confirmation_token(waiting)}/",
        f"/register/your-view/{confirmation_token(counted)}/",
        "/register/your-view/not-a-link/",
        "/register/insights/",
    )
    texts: dict[str, str] = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for n, text in enumerate(paragraphs(html)):
            texts[f"{url} paragraph {n}"] = text
    notice = paragraphs(f"<main>{PRIVACY_NOTICE}</main>")
    assert all(text in " ".join(texts.values()) for text in notice)
    assert len(texts) >= 15
    assert_readable(texts)
    for name, text in texts.items():
        assert not AVOID.search(text), name
