"""The register list, search with filters, the JSON export and an agreement's page take
the same number of queries however many agreements (and views) there are."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Publication
from tests.agreements.factories import public_view_counted

from .bulk import copies_of
from .conftest import OnRegister

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _urls(publication: Publication) -> list[str]:
    gateway = publication.gateways.get()
    category = publication.data_categories.get()
    organisation = publication.organisations.first()
    assert organisation is not None
    return [
        "/register/",
        "/register/agreements/",
        "/register/agreements/?page=2",
        "/register/agreements/?q=early+help",
        f"/register/agreements/?area=leeds&status=in_force&gateway={gateway.slug}"
        f"&category={category.slug}&organisation={organisation.pk}&q=sharing",
        "/register/agreements/?theme=health-and-care&q=hospital",
        "/register/agreements.json?per_page=10",
        "/register/agreements.json?per_page=10&page=2",
        "/register/agreements.csv",
        "/register/feed.atom",
        f"/register/gateways/{gateway.slug}/",
        f"/register/agreements/{publication.reference}/",
    ]


def test_pages_take_the_same_queries_for_30_agreements_as_for_300(
    on_register: OnRegister,
) -> None:
    publication = Publication.objects.get()
    copies_of(publication, 29)
    client = Client()
    few = {url: _queries(client, url) for url in _urls(publication)}
    copies_of(publication, 270)
    assert Publication.objects.count() == 300
    many = {url: _queries(client, url) for url in _urls(publication)}
    assert many == few
    # And they are few.
    assert max(few.values()) <= 12, few


def test_an_agreements_page_takes_the_same_queries_however_many_views(
    on_register: OnRegister, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    publication = Publication.objects.get()
    url = f"/register/agreements/{publication.reference}/"
    public_view_counted(on_register.agreement, on_register.officer, email="a@example.net")
    client = Client()
    one = _queries(client, url)
    for n in range(10):
        public_view_counted(on_register.agreement, on_register.officer, email=f"p{n}@example.net")
    assert _queries(client, url) == one
