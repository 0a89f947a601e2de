import csv
import io

import pytest
from django.test import Client

from audit.models import Event
from audit.services import record_event
from partners.models import Area, Role, User
from tests.partners.factories import AreaFactory, OrganisationFactory, day_month_year, member_of

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leeds() -> Area:
    return AreaFactory(slug="leeds", name="Leeds")


def test_area_ledger_shows_only_the_areas_events_newest_first(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN, full_name="Tom Brennan")
    record_event(actor=admin, verb="test.older", area=leeds, data={"n": "1"})
    record_event(actor=admin, verb="test.newer", area=leeds, data={"n": "2"})
    record_event(actor=None, verb="test.elsewhere", area=AreaFactory(), data={})
    response = signed_in(admin).get("/areas/leeds/audit/")
    events = list(response.context["trail"].object_list)
    assert [e.verb for e in events if e.verb.startswith("test.")] == ["test.newer", "test.older"]
    page = response.content.decode()
    assert "Test newer" in page
    assert "Tom Brennan" in page
    assert "Test elsewhere" not in page


def test_filters_narrow_the_entries(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    other = member_of(leeds, Role.AREA_ADMIN, full_name="Zara Quinn")
    record_event(actor=admin, verb="test.one", area=leeds)
    record_event(actor=other, verb="test.two", area=leeds)
    client = signed_in(admin)
    by_verb = client.get("/areas/leeds/audit/", {"verb": "test.two"}).context["trail"].object_list
    assert [e.verb for e in by_verb] == ["test.two"]
    by_actor = client.get("/areas/leeds/audit/", {"actor": "zara"}).context["trail"].object_list
    assert {e.actor_name for e in by_actor} == {"Zara Quinn"}
    future = client.get("/areas/leeds/audit/", day_month_year("since", "2099-01-01")).context[
        "trail"
    ]
    assert list(future.object_list) == []


def test_bad_filters_get_errors_that_keep_what_was_typed(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    response = signed_in(admin).get(
        "/areas/leeds/audit/",
        {
            **day_month_year("since", "2026-13-45"),
            **day_month_year("until", "yesterday"),
            "verb": "no.such",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The from date must be a real date" in page
    assert "The to date must include a month" in page
    assert 'value="13"' in page
    assert 'value="yesterday"' in page
    assert response.context["trail"] is None
    csv_response = signed_in(admin).get("/areas/leeds/audit.csv", day_month_year("since", "nope"))
    assert csv_response.status_code == 400


def test_a_from_date_after_the_to_date_is_explained(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    page = (
        signed_in(admin)
        .get(
            "/areas/leeds/audit/",
            day_month_year("since", "2026-11-25") | day_month_year("until", "2026-11-01"),
        )
        .content.decode()
    )
    assert "The to date must be the same as or after the from date" in page


def test_csv_export_has_every_column_and_defuses_formulas(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    record_event(actor=None, verb="test.csv", area=leeds, target=("x.y", "=HYPERLINK(1)"))
    response = signed_in(admin).get("/areas/leeds/audit-ledger.csv", {"verb": "test.csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    event = Event.objects.get(verb="test.csv")
    assert rows[0]["hash"] == event.hash
    assert rows[0]["prev_hash"] == event.prev_hash
    assert rows[0]["target_id"] == "'=HYPERLINK(1)"


def test_user_written_text_in_events_is_escaped(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    record_event(
        actor=None, verb="test.xss", area=leeds, data={"note": "<script>alert(1)</script>"}
    )
    page = signed_in(admin).get("/areas/leeds/audit/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_ledger_page_is_paginated(leeds: Area) -> None:
    admin = member_of(leeds, Role.AREA_ADMIN)
    for n in range(30):
        record_event(actor=None, verb="test.many", area=leeds, data={"n": n})
    client = signed_in(admin)
    first = client.get("/areas/leeds/audit/", {"verb": "test.many"})
    assert len(first.context["trail"].object_list) == 25
    second = client.get("/areas/leeds/audit/", {"verb": "test.many", "page": 2})
    assert len(second.context["trail"].object_list) == 5
    # Page links keep the filter.
    assert "verb=test.many&amp;page=2" in first.content.decode()


def test_organisation_page_shows_its_trail_to_area_admins_only(leeds: Area) -> None:
    council = OrganisationFactory(area=leeds, slug="leeds-city-council")
    admin = member_of(leeds, Role.AREA_ADMIN)
    officer = member_of(leeds, Role.OFFICER)
    record_event(actor=admin, verb="organisation.changed", target=council, area=leeds)
    record_event(
        actor=admin, verb="organisation.changed", target=OrganisationFactory(area=leeds), area=leeds
    )
    url = "/areas/leeds/organisations/leeds-city-council/"
    trail = signed_in(admin).get(url).context["trail"]
    assert [e.target_id for e in trail.object_list if e.verb == "organisation.changed"] == [
        str(council.pk)
    ]
    assert signed_in(officer).get(url).context["trail"] is None
