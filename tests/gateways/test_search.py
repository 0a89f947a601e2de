from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gateways import search, services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway, GatewayStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    services.gateway_catalogue_load(entries=catalogue_entries())


def titles(response: Any) -> list[str]:
    return [g.title for g in response.context["results"].page.object_list]


def test_searching_115_finds_section_115_first(catalogue: None) -> None:
    found = titles(Client().get("/register/gateways/", {"q": "115"}))
    assert found[0] == "Crime and Disorder Act 1998, s.115"
    found = titles(Client().get("/register/gateways/", {"q": "s.115"}))
    assert found[0] == "Crime and Disorder Act 1998, s.115"


def test_searching_safeguarding_finds_the_safeguarding_gateways_first(catalogue: None) -> None:
    found = Client().get("/register/gateways/", {"q": "safeguarding"}).context["results"]
    gateways = list(found.page.object_list)
    safeguarding = {
        g.slug
        for g in Gateway.objects.filter(
            purposes__slug__in=["safeguarding-children", "safeguarding-adults"]
        )
    }
    top = [g.slug for g in gateways[:5]]
    assert set(top) <= safeguarding, [g.title for g in gateways[:5]]
    assert "children-act-2004-s11" in {g.slug for g in gateways[:8]}


def test_a_section_in_a_range_is_found(catalogue: None) -> None:
    assert "Digital Economy Act 2017, ss.36-39" in titles(
        Client().get("/register/gateways/", {"q": "38"})
    )


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed quote',
        "'; DROP TABLE gateways_gateway; --",
        "safeguarding OR OR -- & | ! ( ) :*",
        "x" * 10_000,
        "🙂🙂 emoji only",
        "🙂",
        "nul\x00byte",
        "<script>alert(1)</script>",
        "   ",
        "a",
    ],
)
def test_any_search_text_gives_results_or_an_empty_state(catalogue: None, query: str) -> None:
    for url in ("/register/gateways/",):
        response = Client().get(url, {"q": query})
        assert response.status_code == 200
        page = response.content.decode()
        assert ("No gateways match" in page) or ("gateway" in page and "<ol" in page)
        assert "<script>alert(1)</script>" not in page
    assert Gateway.objects.count() == len(catalogue_entries())


def test_a_very_long_search_is_shortened_and_says_so(catalogue: None) -> None:
    response = Client().get("/register/gateways/", {"q": "safeguarding " * 1000})
    assert response.context["results"].shortened
    assert "only its first 200 characters were used" in response.content.decode()


def test_filters_narrow_the_register(catalogue: None) -> None:
    client = Client()
    duties = client.get("/register/gateways/", {"power_or_duty": "duty"}).context["results"].page
    assert all(g.power_or_duty == "duty" for g in duties.object_list)
    assert duties.paginator.count > 0
    cda = (
        client.get("/register/gateways/", {"act": "Crime and Disorder Act"}).context["results"].page
    )
    assert {g.act_title for g in cda.object_list} == {"Crime and Disorder Act"}
    adults = (
        client.get("/register/gateways/", {"purpose": "safeguarding-adults"})
        .context["results"]
        .page
    )
    assert adults.paginator.count >= 2
    wales = client.get("/register/gateways/", {"jurisdiction": "wales"}).context["results"].page
    assert all(g.wales for g in wales.object_list)
    overriding = client.get("/register/gateways/", {"overrides_confidentiality": "yes"}).context[
        "results"
    ]
    assert all(g.overrides_confidentiality == "yes" for g in overriding.page.object_list)


def test_an_unknown_filter_value_is_an_error_not_a_crash(catalogue: None) -> None:
    response = Client().get(
        "/register/gateways/", {"purpose": "no-such-purpose", "jurisdiction": "mars"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["results"].page is None


def _many_gateways(count: int) -> None:
    Gateway.objects.bulk_create(
        Gateway(
            slug=f"bench-act-{n}",
            act_title=f"Bench Act {n % 40}",
            act_year=1990 + n % 30,
            provision=f"s.{n}",
            provision_key=f"s.{n}",
            power_or_duty="power" if n % 2 else "duty",
            legislation_url=f"https://www.legislation.gov.uk/ukpga/2000/{n}",
            summary=f"Sharing for safeguarding and welfare purposes, case {n}.",
            search_terms=f"s.{n} {n}",
            status=GatewayStatus.APPROVED,
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        Gateway.objects.update(search_vector=search.vector())


def _queries(params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/register/gateways/", params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "safeguarding"}, {"q": "welfare", "power_or_duty": "duty"}, {"page": "3"}],
    ids=["list", "search", "search-and-filter", "page-3"],
)
def test_the_list_and_search_take_a_constant_number_of_queries(params: dict[str, str]) -> None:
    _many_gateways(50)
    few = _queries(params)
    Gateway.objects.all().delete()
    _many_gateways(5000)
    many = _queries(params)
    # The same few queries however many gateways: filter choices (Acts, purposes), the
    # count, the page, and the page's purposes.
    assert many == few
    assert many <= 5
