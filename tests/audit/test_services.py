import hashlib
import json
from datetime import UTC, date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from audit.models import Event
from audit.selectors import chain_head
from audit.services import record_event
from partners.models import Role
from tests.partners.factories import PASSWORD, AreaFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def independent_hash(event: Event) -> str:
    """The documented algorithm (docs/audit-ledger.md), written out again from the
    documentation rather than imported, as an outsider checking the chain would."""
    document = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "actor_email": event.actor_email,
        "actor_organisation": event.actor_organisation,
        "actor_role": event.actor_role,
        "area_id": event.area_id,
        "area_name": event.area_name,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "data": event.data,
        "request_id": event.request_id,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((event.prev_hash + canonical).encode("utf-8")).hexdigest()


def test_events_form_a_chain_an_outsider_can_recompute() -> None:
    area = AreaFactory(name="Sheffield")
    first = record_event(actor=None, verb="test.first", area=area, data={"n": 1})
    second = record_event(
        actor=None, verb="test.second", data={"when": date(2026, 11, 25), "name": "Zoë"}
    )
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    for event in Event.objects.all():  # as stored and read back
        assert independent_hash(event) == event.hash
    assert Event.objects.get(seq=second.seq).data == {"when": "2026-11-25", "name": "Zoë"}
    head = chain_head()
    assert head is not None
    assert (head.seq, head.hash) == (second.seq, second.hash)


def test_an_event_is_rolled_back_with_the_change_it_records() -> None:
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(actor=None, verb="test.doomed")
        raise RuntimeError("the change failed")
    assert Event.objects.count() == before
    # The chain carries on from the last committed event.
    event = record_event(actor=None, verb="test.after")
    assert event.seq == before + 1


def test_floating_point_data_is_refused() -> None:
    with pytest.raises(ValueError, match="floating-point"):
        record_event(actor=None, verb="test.float", data={"score": {"value": 0.1}})


def test_the_actor_is_snapshotted_with_their_organisation_and_role_in_the_area() -> None:
    area = AreaFactory(name="Leeds")
    officer = member_of(area, Role.OFFICER, full_name="Aisha Rahman", email="aisha@example.org")
    member_of(AreaFactory(), Role.AREA_ADMIN)  # roles elsewhere do not count
    event = record_event(actor=officer, verb="test.acted", area=area)
    assert event.actor_id == officer.pk
    assert event.actor_name == "Aisha Rahman"
    assert event.actor_email == "aisha@example.org"
    assert event.actor_role == "Officer"
    assert event.actor_organisation
    assert event.area_id == area.pk
    assert event.area_name == "Leeds"
    # Renaming the person later does not rewrite history.
    officer.full_name = "Aisha Khan"
    officer.save()
    assert Event.objects.get(seq=event.seq).actor_name == "Aisha Rahman"


def test_sign_in_sign_out_and_failures_are_recorded_with_the_request_id() -> None:
    user = UserFactory(email="helen@example.org")
    client = Client()
    failed = client.post("/account/sign-in/", {"username": "helen@example.org", "password": "no"})
    client.post("/account/sign-in/", {"username": "nobody@example.org", "password": "no"})
    signed_in = client.post(
        "/account/sign-in/", {"username": "helen@example.org", "password": PASSWORD}
    )
    client.post("/account/sign-out/")
    events = list(
        Event.objects.order_by("seq").values("verb", "actor_id", "target_id", "data", "request_id")
    )
    assert [e["verb"] for e in events] == [
        "auth.sign_in_failed",
        "auth.sign_in_failed",
        "auth.signed_in",
        "auth.signed_out",
    ]
    assert events[0]["target_id"] == str(user.pk)
    assert events[0]["data"]["account_known"] is True
    assert events[1]["target_id"] == ""
    assert events[1]["data"]["account_known"] is False
    # Nothing typed in is kept.
    assert "nobody@example.org" not in json.dumps(events)
    assert events[2]["actor_id"] == user.pk
    assert events[0]["request_id"] == failed["X-Request-ID"]
    assert events[2]["request_id"] == signed_in["X-Request-ID"]


def test_membership_changes_are_recorded_with_who_made_them(
    django_capture_on_commit_callbacks: Any,
) -> None:
    area = AreaFactory(slug="melton", name="Melton")
    admin = member_of(area, Role.AREA_ADMIN, full_name="Owen Price")
    client = Client()
    client.force_login(admin)
    council = admin.memberships.get().organisation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/areas/melton/members/add/",
            {
                "email": "laura@example.org",
                "full_name": "Laura Bennett",
                "organisation": council.pk,
                "role": Role.OFFICER,
            },
        )
    granted = Event.objects.get(verb="membership.granted", data__email="laura@example.org")
    assert granted.actor_name == "Owen Price"
    assert granted.actor_role == "Area admin"
    assert granted.area_name == "Melton"
    assert granted.data["role"] == "officer"
    assert Event.objects.filter(verb="user.created", data__email="laura@example.org").exists()
    assert Event.objects.filter(verb="user.invited", target_id=granted.data["user_id"]).exists()

    client.post(f"/areas/melton/members/{granted.target_id}/remove/")
    revoked = Event.objects.get(verb="membership.revoked")
    assert revoked.target_id == granted.target_id
    assert revoked.actor_id == admin.pk


def test_area_and_organisation_edits_record_what_changed_from_and_to() -> None:
    from partners import services

    area = services.area_upsert(slug="leeds", name="Leeds", lead_body="Leeds City Council")
    services.area_upsert(slug="leeds", name="Leeds", lead_body="Leeds City Council")  # no change
    services.area_upsert(slug="leeds", name="Leeds", lead_body="Leeds CC", description="New")
    verbs = list(
        Event.objects.filter(target_id=str(area.pk)).order_by("seq").values_list("verb", "data")
    )
    assert [verb for verb, _ in verbs] == ["area.created", "area.changed"]
    assert verbs[1][1] == {
        "lead_body": {"from": "Leeds City Council", "to": "Leeds CC"},
        "description": {"from": "", "to": "New"},
    }


def test_a_request_id_sent_by_a_client_is_not_believed(settings: Any) -> None:
    UserFactory(email="ada@example.org")
    forged = "forged-request-id-0001"
    response = Client().post(
        "/account/sign-in/",
        {"username": "ada@example.org", "password": "wrong"},
        HTTP_X_REQUEST_ID=forged,
    )
    event = Event.objects.get(verb="auth.sign_in_failed")
    assert event.request_id == response["X-Request-ID"] != forged
    # Behind a proxy that sets it, it is kept, so logs and ledger match.
    settings.TRUST_REQUEST_ID_HEADER = True
    response = Client().post(
        "/account/sign-in/",
        {"username": "ada@example.org", "password": "wrong"},
        HTTP_X_REQUEST_ID=forged,
    )
    assert response["X-Request-ID"] == forged
    assert Event.objects.filter(verb="auth.sign_in_failed", request_id=forged).exists()
