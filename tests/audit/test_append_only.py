"""The database itself refuses to change or remove ledger rows."""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import Event
from audit.services import record_event

pytestmark = pytest.mark.django_db

APP_ROLE = "datasharing_app"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL behaviour (CI runs it)"
)


def _refused(statement: str) -> str:
    with (
        pytest.raises(DatabaseError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    return str(refused.value)


@pytest.fixture
def ledger() -> list[Event]:
    return [record_event(actor=None, verb="test.kept", data={"n": n}) for n in range(3)]


def test_update_and_delete_are_refused(ledger: list[Event]) -> None:
    assert "append-only" in _refused("UPDATE audit_event SET verb = 'rewritten'")
    assert "append-only" in _refused("DELETE FROM audit_event WHERE seq = 2")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(seq=1).update(actor_name="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(seq=3).delete()
    assert list(Event.objects.order_by("seq").values_list("verb", flat=True)) == ["test.kept"] * 3


@postgres_only
def test_truncate_is_refused(ledger: list[Event]) -> None:
    assert "append-only" in _refused("TRUNCATE audit_event")
    assert Event.objects.count() == 3


@postgres_only
def test_triggers_fire_under_session_replication_role_replica(ledger: list[Event]) -> None:
    """Replica mode switches ordinary triggers off (it is meant for replication); the
    ledger's are ENABLE ALWAYS. CI grants the application's user the right to set it,
    so this is exercised there."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR has_parameter_privilege(current_user, "
            "'session_replication_role', 'SET') FROM pg_roles WHERE rolname = current_user"
        )
        may_set = cursor.fetchone()[0]
    if not may_set:
        assert not os.environ.get("CI"), "CI should let the app's user set the replica role"
        pytest.skip("this database user may not set session_replication_role")
    for statement in (
        "UPDATE audit_event SET verb = 'rewritten'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ):
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "replica"
            cursor.execute(statement)
        assert "append-only" in str(refused.value)
    assert Event.objects.count() == 3


@postgres_only
def test_a_role_that_does_not_own_the_table_cannot_switch_the_triggers_off(
    ledger: list[Event],
) -> None:
    """How production runs (README, "The audit ledger"): the application connects as a
    role with SELECT and INSERT on audit_event only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s",
            [APP_ROLE, APP_ROLE],
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        assert not os.environ.get("CI"), f"CI creates the {APP_ROLE} role (.ci/run)"
        pytest.skip(f"no {APP_ROLE} role to act as")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"GRANT SELECT, INSERT ON audit_event TO {APP_ROLE}")
    for statement in (
        "ALTER TABLE audit_event DISABLE TRIGGER USER",
        "UPDATE audit_event SET verb = 'rewritten'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ):
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
            cursor.execute(statement)
        message = str(refused.value)
        assert (
            "must be owner" in message or "permission denied" in message or "append-only" in message
        )
    # It can still read and append.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute("SELECT count(*) FROM audit_event")
        assert cursor.fetchone()[0] == 3


@postgres_only
def test_the_grant_command_leaves_the_app_role_read_and_append_on_the_ledger(
    ledger: list[Event],
) -> None:
    """What docker-compose's migrate job runs after migrating, as the owner."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    from partners.models import Area

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            assert not os.environ.get("CI"), f"CI creates the {APP_ROLE} role (.ci/run)"
            pytest.skip(f"no {APP_ROLE} role to act as")
    out = StringIO()
    call_command("grant_app_role", APP_ROLE, stdout=out)
    assert "only read and append the ledger" in out.getvalue()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        Area.objects.create(name="Granted", slug="granted", lead_body="Granted Council")
        Area.objects.filter(slug="granted").update(lead_body="Changed")
        record_event(actor=None, verb="test.appended", data={})
        # SET LOCAL outlives a released savepoint; the test's transaction goes on.
        cursor.execute("RESET ROLE")
    for statement in ("UPDATE audit_event SET verb = 'rewritten'", "DELETE FROM audit_event"):
        with (
            pytest.raises(DatabaseError) as refused,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
            cursor.execute(statement)
        assert "permission denied" in str(refused.value)
    with pytest.raises(CommandError, match="not a plain role name"):
        call_command("grant_app_role", "x; DROP TABLE audit_event")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="owns the ledger"):
        call_command("grant_app_role", owner)
