"""Any query string on the public pages (very long, malformed, injected, unknown filter
values) gives results or an empty state, never a server error."""

from urllib.parse import quote

import pytest
from django.test import Client

from tests.agreements.factories import public_view_counted

from .conftest import OnRegister

pytestmark = pytest.mark.django_db

PAGES = (
    "/register/",
    "/register/agreements/",
    "/register/agreements.json",
    "/register/agreements.csv",
    "/register/feed.atom",
    "/register/insights/",
    "/register/insights.csv",
    "/register/gateways/",
)

VALUES = (
    "x" * 20_000,
    "\x00",
    "%00",
    "' OR 1=1 --",
    '"; DROP TABLE agreements_publication; --',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\u202e\u0000\ud7ff\U0001f600",
    "nonsense-value",
    "-1",
    "99999999999999999999999999",
    "a:b:c",
    "!@#$%^&*()",
    "& | ! <-> :*",
)
NAMES = ("q", "area", "theme", "gateway", "organisation", "category", "status", "page", "per_page")


@pytest.fixture
def published_with_views(on_register: OnRegister) -> OnRegister:
    public_view_counted(on_register.agreement, on_register.officer)
    return on_register


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("page", PAGES)
def test_odd_values_in_every_filter_never_fail(published_with_views: OnRegister, page: str) -> None:
    client = Client()
    for name in NAMES:
        for value in VALUES:
            url = f"{page}?{name}={quote(value, safe='')}"
            assert _get(client, url) == 200, url[:200]
    assert _get(client, f"{page}?" + "&".join(f"{n}=" for n in NAMES)) == 200
    assert _get(client, f"{page}?q=a&q=b&area=leeds&area=nope") == 200
    assert _get(client, f"{page}?%ZZ=%ZZ&&&=") == 200


def test_an_injected_search_finds_nothing_and_says_so(published_with_views: OnRegister) -> None:
    page = Client().get("/register/agreements/?q=" + quote("<script>alert(1)</script>"))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "No agreements match" in html
    long = Client().get("/register/agreements/?q=" + "word " * 1000).content.decode()
    assert "only its first 200 characters were used" in long


@pytest.mark.parametrize(
    "reference",
    ["NOPE", "x" * 300, "%00", quote("<b>"), quote("' OR 1=1"), quote("\u202e")],
)
def test_odd_references_are_not_found(db: None, reference: str) -> None:
    client = Client()
    # Not found; or, for a character no address may hold, a bad request.
    expected = 400 if reference == "%00" else 404
    for suffix in ("", "your-view/", "your-view/sent/"):
        assert client.get(f"/register/agreements/{reference}/{suffix}").status_code == expected
    assert client.get(f"/register/your-view/{reference}/").status_code in (200, 400)


def test_odd_posts_to_the_form_never_fail(published_with_views: OnRegister) -> None:
    url = f"/register/agreements/{published_with_views.agreement.reference}/your-view/"
    client = Client()
    for data in (
        {},
        {"email": "x" * 5000},
        {"email": "a@b.c", "overall_position": "\x00"},
        {"email": "a@b.c", "overall_position": "3", "comment": "\x00" * 10},
        {"email": "a@b.c", "overall_position": ["3", "4"]},
        {"email": "a@b.c", "overall_position": "3", "score_purposeful": "' OR 1=1"},
    ):
        assert client.post(url, data).status_code in (200, 302, 400), data
