"""Notifications moved here from the partners app with their history; those still owed
at once are queued for the relay."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("partners", "0005_organisation_public_authority"), ("notifications", None)]


@pytest.mark.django_db(transaction=True)
def test_notifications_keep_their_history_and_owed_ones_are_queued() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        _check_the_move(executor)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_the_move(executor: MigrationExecutor) -> None:
    old = executor.loader.project_state([BEFORE[0]]).apps
    User = old.get_model("partners", "User")
    OldNotification = old.get_model("partners", "Notification")  # noqa: N806
    now = timezone.now()
    eager = User.objects.create(email="eager@example.org", full_name="Eager", password="!")
    daily = User.objects.create(
        email="daily@example.org", full_name="Daily", password="!", notification_mode="digest"
    )
    sent = OldNotification.objects.create(
        user=eager, subject="Sent", body="B", created_at=now - timedelta(days=2), sent_at=now
    )
    owed = OldNotification.objects.create(user=eager, subject="Owed", body="B", created_at=now)
    waiting = OldNotification.objects.create(user=daily, subject="Digest", body="B")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from notifications.models import Job, Notification

    moved = {n.pk: n for n in Notification.objects.all()}
    assert set(moved) == {sent.pk, owed.pk, waiting.pk}
    assert moved[sent.pk].sent_at == now
    assert moved[sent.pk].created_at == now - timedelta(days=2)
    assert moved[owed.pk].subject == "Owed"
    # Only the one owed at once gets a job; the digest keeps the other.
    job = Job.objects.get()
    assert job.arguments == {"notification_id": owed.pk}
    assert job.recipient_id == eager.pk
    # New notifications are numbered after the copied ones.
    from partners.models import User as CurrentUser

    assert (
        Notification.objects.create(
            user=CurrentUser.objects.get(pk=eager.pk), subject="New", body="B"
        ).pk
        > waiting.pk
    )
