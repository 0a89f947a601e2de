"""Every URL parameter and every form field, given input no page can use (a NUL
character, something far too long, bytes that are not UTF-8), answers with a page
saying so or "not found", never a server error. Like the authorisation sweep, it walks
every URL pattern and reads the forms each page shows, so new views join it without
this file changing."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from partners.access import AccessRule
from tests.sweep import RESOLVERS, Route, World, iter_routes
from tests.test_authorisation_sweep import expected_status, shared_world, world

__all__ = ["shared_world", "world"]

ROUTES = sorted((r for r in iter_routes() if not r.name.startswith("admin:")), key=lambda r: r.name)
# Who tries each page: the first of these its rule lets in.
TRIERS = ["officer", "area_admin", "reviewer", "signatory", "staff", "anonymous"]

NUL = "\x00"
TOO_LONG = "x" * 20_000
BAD_INPUT = {"nul": f"a{NUL}b", "too long": TOO_LONG}
# Percent-encoded bytes that do not decode as UTF-8.
NOT_UTF8 = "%FF%FE%C3%28"


def _trier(rule: AccessRule, method: str) -> str | None:
    for who in TRIERS:
        if expected_status(rule, who, method) == 200:
            return who
    return None


def _client(who: str, world: World) -> Client:
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def _url(route: Route, world: World, **override: str) -> str:
    kwargs = {name: RESOLVERS[name](world) for name in route.kwargs}
    url = reverse(route.name, kwargs=kwargs)
    for name, bad in override.items():
        good = f"/{kwargs[name]}/"
        assert good in url, f"{route.name}: cannot find {name} in {url}"
        url = url.replace(good, f"/{bad}/", 1)
    return url


class _Forms(HTMLParser):
    """The forms on a page: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (found.get("method") or "get").lower(),
                    "action": found.get("action") or "",
                    "fields": set(),
                }
            )
        elif tag in {"input", "textarea", "select"} and self.forms:
            name = found.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.forms[-1]["fields"].add(name)


def _forms(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _assert_handled(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs], ids=lambda r: r.name)
def test_bad_url_parameters(route: Route, world: World) -> None:
    rule: AccessRule = route.callback.access
    for method in ("GET", "POST"):
        who = _trier(rule, method)
        if who is None:
            continue
        client = _client(who, world)
        for name in route.kwargs:
            for kind, bad in {**BAD_INPUT, "not UTF-8": None}.items():
                encoded = NOT_UTF8 if bad is None else quote(bad, safe="")
                if kind == "too long" and (name == "number" or name.endswith("_id")):
                    encoded = "9" * 40  # past any database integer
                url = _url(route, world, **{name: encoded})
                response = client.get(url) if method == "GET" else client.post(url, data={})
                _assert_handled(response, f"{method} {route.name} with {name} {kind}")


def _form_fields(world: World) -> dict[str, dict[str, Any]]:
    """For every page each trier can open, the forms it shows, keyed by action path."""
    found: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        rule: AccessRule = route.callback.access
        who = _trier(rule, "GET")
        if who is None:
            continue
        url = _url(route, world)
        response = _client(who, world).get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in _forms(response.content.decode()):
            action = form["action"] or url
            key = f"{form['method']} {action.split('?')[0]}"
            entry = found.setdefault(key, {"fields": set(), "who": who})
            entry["fields"] |= form["fields"]
    return found


@pytest.fixture(scope="module")
def forms_by_action(shared_world: World, django_db_blocker: Any) -> dict[str, dict[str, Any]]:
    with django_db_blocker.unblock():
        return _form_fields(shared_world)


def _bodies(fields: set[str]) -> Iterator[tuple[str, Any, str | None]]:
    names = sorted(fields) or ["q"]
    for kind, bad in BAD_INPUT.items():
        yield kind, dict.fromkeys(names, bad), None
    raw = "&".join(f"{quote(name)}={NOT_UTF8}" for name in names)
    yield "not UTF-8", raw, "application/x-www-form-urlencoded"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_bad_form_fields(
    route: Route, world: World, forms_by_action: dict[str, dict[str, Any]]
) -> None:
    rule: AccessRule = route.callback.access
    url = _url(route, world)
    for method in ("get", "post"):
        who = _trier(rule, method.upper())
        if who is None:
            continue
        fields = set(forms_by_action.get(f"{method} {url}", {}).get("fields", set()))
        if method == "get":
            fields |= {"page", "q"}
        client = _client(who, world)
        for kind, body, content_type in _bodies(fields):
            if method == "get":
                query = (
                    body.replace("application/x-www-form-urlencoded", "")
                    if isinstance(body, str)
                    else "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in body.items())
                )
                if kind == "too long":
                    query = re.sub(r"=x+", "=" + "x" * 2000, query)
                response = client.get(f"{url}?{query}")
            elif content_type:
                response = client.post(url, data=body, content_type=content_type)
            else:
                response = client.post(url, data=body)
            _assert_handled(response, f"{method.upper()} {route.name} with every field {kind}")


def test_the_sweep_reads_the_forms_it_should(forms_by_action: dict[str, dict[str, Any]]) -> None:
    assert any("username" in entry["fields"] for entry in forms_by_action.values())
    assert any(
        key.startswith("post /areas/") and "body" in entry["fields"]
        for key, entry in forms_by_action.items()
    ), "the comment form should be found on a version page"
