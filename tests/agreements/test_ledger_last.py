"""The ledger's lock is shared by every audited write in the service, so each change
appends its events last: from the moment the lock is granted to the commit, nothing but
the ledger is read or written. And who acted is asked once per transaction."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.models import Comment, Section, Version
from audit.models import Event
from audit.services import record_event
from partners import services as partner_services
from partners.models import Area, Membership, OrganisationKind, Role, User
from tests.agreements.factories import draft
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the ledger's lock is PostgreSQL's (CI runs it)"
)


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    OrganisationFactory(area=area, name="Healthwatch Sheffield", kind=OrganisationKind.VOLUNTARY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Ben Hartley")


@pytest.fixture
def reviewer(area: Area) -> User:
    return member_of(area, Role.REVIEWER, full_name="Nadia Hussain")


def after_the_lock(action: Callable[[], object]) -> list[str]:
    """The statements ``action`` runs once it holds the ledger's lock (the lock itself
    first), up to its commit."""
    with CaptureQueriesContext(connection) as captured:
        action()
    statements = [query["sql"] for query in captured.captured_queries]
    locked = [n for n, sql in enumerate(statements) if "pg_advisory_xact_lock" in sql]
    assert locked, "nothing was recorded in the ledger"
    return statements[locked[0] :]


def only_the_ledger(statements: list[str]) -> list[str]:
    """The statements that are not the ledger's own (nor the transaction's)."""
    return [
        sql
        for sql in statements
        if "audit_event" not in sql and not sql.upper().startswith(("SAVEPOINT", "RELEASE"))
    ]


def section(agreement: Any, key: str = "purpose") -> Section:
    return Section.objects.get(agreement=agreement, key=key)


def write(agreement: Any, officer: User, body: str, key: str = "purpose") -> None:
    current = section(agreement, key)
    services.section_save(section=current, body=body, base_revision=current.revision, actor=officer)


def in_review_with_threads(area: Area, officer: User, reviewer: User) -> Version:
    agreement = draft(area=area, officer=officer)
    write(agreement, officer, "Care is in place on the day people go home, and nobody waits.")
    version = services.version_issue(agreement=agreement, actor=officer)
    for quote in ("nobody waits", "Care is in place", "go home"):
        services.comment_add(
            version=version, section_key="purpose", quote=quote, body="Why?", actor=reviewer
        )
    return version


@needs_postgresql
def test_issuing_a_version_holds_the_ledger_only_for_its_appends(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review_with_threads(area, officer, reviewer)
    agreement = version.agreement
    # One thread's words go, two stay: threads move and one is left behind.
    write(agreement, officer, "Care is in place on the day people go home.")

    statements = after_the_lock(lambda: services.version_issue(agreement=agreement, actor=officer))

    assert only_the_ledger(statements) == []
    assert list(Event.objects.order_by("-seq").values_list("verb", flat=True)[:2]) == [
        "version.issued",
        "comments.reanchored",
    ]
    moved = Comment.objects.filter(anchor_version__number=2).count()
    assert moved == 2
    assert Comment.objects.filter(outdated=True).count() == 1


@needs_postgresql
def test_threads_move_to_a_new_version_in_two_statements_however_many_there_are(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review_with_threads(area, officer, reviewer)
    agreement = version.agreement
    write(agreement, officer, "Care is in place on the day people go home, and nobody waits!")

    with CaptureQueriesContext(connection) as captured:
        services.version_issue(agreement=agreement, actor=officer)

    updates = [
        q["sql"] for q in captured.captured_queries if 'UPDATE "agreements_comment"' in q["sql"]
    ]
    assert len(updates) == 1  # all three moved; none left behind
    assert Comment.objects.filter(anchor_version__number=2).count() == 3


@needs_postgresql
@pytest.mark.parametrize("step", ["comment", "suggestion", "reply", "resolve", "accept"])
def test_review_steps_append_to_the_ledger_last(
    area: Area, officer: User, reviewer: User, step: str
) -> None:
    version = in_review_with_threads(area, officer, reviewer)
    thread = Comment.objects.order_by("pk").first()
    assert thread is not None
    suggested = services.comment_add(
        version=version,
        section_key="purpose",
        quote="go home",
        body="Plainer",
        replacement="leave hospital",
        actor=reviewer,
    )
    actions: dict[str, Callable[[], object]] = {
        "comment": lambda: services.comment_add(
            version=version, section_key="purpose", body="On the whole section", actor=reviewer
        ),
        "suggestion": lambda: services.comment_add(
            version=version,
            section_key="purpose",
            quote="nobody waits",
            body="Warmer",
            replacement="no one is kept waiting",
            actor=reviewer,
        ),
        "reply": lambda: services.reply_add(comment=thread, body="Thank you", actor=officer),
        "resolve": lambda: services.comment_resolve(
            comment=thread, resolution="not_accepted", note="Kept as it is", actor=officer
        ),
        "accept": lambda: services.suggestion_accept(
            suggestion=suggested.suggestion, actor=officer
        ),
    }

    assert only_the_ledger(after_the_lock(actions[step])) == []


@needs_postgresql
def test_removing_a_party_and_a_role_append_to_the_ledger_last(area: Area, officer: User) -> None:
    agreement = draft(area=area, officer=officer)
    other = OrganisationFactory(area=area, kind=OrganisationKind.POLICE)
    party = services.party_add(
        agreement=agreement, organisation=other, role="provider", signatory=None, actor=officer
    )
    assert (
        only_the_ledger(after_the_lock(lambda: services.party_remove(party=party, actor=officer)))
        == []
    )
    assert Event.objects.order_by("-seq").first().verb == "party.removed"  # type: ignore[union-attr]

    membership = member_of(area, Role.REVIEWER).memberships.get()
    revoked_pk = membership.pk
    assert (
        only_the_ledger(
            after_the_lock(
                lambda: partner_services.membership_revoke(membership=membership, actor=None)
            )
        )
        == []
    )
    revoked = Event.objects.get(verb="membership.revoked")
    assert revoked.target_id == str(revoked_pk)


def test_who_acted_is_asked_once_per_transaction(area: Area, officer: User) -> None:
    def described() -> int:
        """Statements asking for the officer's roles."""
        return sum(1 for q in captured.captured_queries if 'FROM "partners_membership"' in q["sql"])

    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        for n in range(3):
            record_event(actor=officer, verb="test.acted", area=area, data={"n": n})
    assert described() == 1

    # The next transaction asks again, and sees a role given since.
    healthwatch = area.organisations.get(kind=OrganisationKind.VOLUNTARY)
    Membership.objects.create(user=officer, organisation=healthwatch, role=Role.REVIEWER)
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        record_event(actor=officer, verb="test.acted", area=area)
    assert described() == 1
    latest = Event.objects.order_by("-seq").first()
    assert latest is not None
    assert "Healthwatch Sheffield" in latest.actor_organisation
    assert "Reviewer" in latest.actor_role


def test_a_rolled_back_transaction_leaves_nothing_remembered(area: Area, officer: User) -> None:
    healthwatch = area.organisations.get(kind=OrganisationKind.VOLUNTARY)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record_event(actor=officer, verb="test.undone", area=area)
                raise RuntimeError("undone")
        except RuntimeError:
            pass
        # What was remembered inside the undone savepoint is not used after it.
        Membership.objects.create(user=officer, organisation=healthwatch, role=Role.REVIEWER)
        record_event(actor=officer, verb="test.acted", area=area)
    acted = Event.objects.get(verb="test.acted")
    assert "Reviewer" in acted.actor_role
