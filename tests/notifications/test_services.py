from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail

from notifications import services
from notifications.models import Job, Notification
from notifications.services import (
    digest_send,
    digests_send_all,
    notification_send,
    notify,
)
from partners.models import NotificationMode, User
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db


def person(email: str, mode: str = NotificationMode.IMMEDIATE) -> User:
    user = UserFactory(email=email)
    user.notification_mode = mode
    user.save(update_fields=["notification_mode"])
    return user


def test_a_notification_is_never_sent_twice() -> None:
    user = person("ada@example.org")
    notification = notify(user=user, subject="Hello", body="Body")
    assert notification is not None
    assert notification_send(notification_id=notification.pk)
    assert not notification_send(notification_id=notification.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/account/notifications/" in mail.outbox[0].body


def test_nobody_who_chose_no_e_mails_or_left_is_owed_one() -> None:
    quiet = person("quiet@example.org", NotificationMode.NONE)
    gone = person("gone@example.org")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert notify(user=quiet, subject="Hello", body="Body") is None
    assert notify(user=gone, subject="Hello", body="Body") is None
    assert not Notification.objects.exists()


def test_a_change_of_mind_after_queuing_is_respected() -> None:
    changed = person("changed@example.org")
    queued = notify(user=changed, subject="Queued", body="Body")
    assert queued is not None
    changed.notification_mode = NotificationMode.NONE
    changed.save(update_fields=["notification_mode"])
    assert not notification_send(notification_id=queued.pk)
    queued.refresh_from_db()
    assert queued.sent_at is None
    assert queued.withheld_at is not None

    later = person("later@example.org")
    waiting = notify(user=later, subject="For the digest", body="Body")
    assert waiting is not None
    later.notification_mode = NotificationMode.DIGEST
    later.save(update_fields=["notification_mode"])
    assert not notification_send(notification_id=waiting.pk)
    assert digests_send_all() == 1
    assert [m.to for m in mail.outbox] == [["later@example.org"]]
    assert "For the digest" in mail.outbox[0].body


def test_a_digest_is_withheld_from_someone_who_has_since_opted_out() -> None:
    user = person("digest@example.org", NotificationMode.DIGEST)
    notify(user=user, subject="One", body="Body")
    user.notification_mode = NotificationMode.NONE
    user.save(update_fields=["notification_mode"])
    assert digest_send(user=user) == 0
    assert mail.outbox == []
    assert Notification.objects.get().withheld_at is not None
    assert digests_send_all() == 0  # withheld ones are not owed any more


def test_one_failed_digest_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = person("broken@example.org", NotificationMode.DIGEST)
    fine = person("fine@example.org", NotificationMode.DIGEST)
    for user in (broken, fine):
        notify(user=user, subject="Update", body="Body")
    real_send = services.send_mail

    def send_mail(**kwargs: Any) -> int:
        if kwargs["recipient_list"] == ["broken@example.org"]:
            raise SMTPException("mailbox unavailable")
        return real_send(**kwargs)

    monkeypatch.setattr(services, "send_mail", send_mail)
    assert digests_send_all() == 1
    assert [m.to for m in mail.outbox] == [["fine@example.org"]]
    assert Notification.objects.get(user=broken).sent_at is None  # still owed
    failed = Job.objects.get(recipient=broken)
    assert failed.done_at is None
    assert "mailbox unavailable" in failed.last_error
    assert failed.run_after > failed.created_at  # tried again after a pause
    monkeypatch.setattr(services, "send_mail", real_send)
    # The next day's digest does not send twice what is already queued and owed.
    assert digests_send_all() == 1
    assert [m.to for m in mail.outbox] == [["fine@example.org"], ["broken@example.org"]]
