"""Benefit checked through the life of a sharing: the lead organisation is warned three
months before the review date and when it passes, once each; officers record at review
what came of each expected benefit, and the register shows it beside what was expected."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, BenefitOutcome
from agreements.services.review_dates import add_months
from agreements.tasks import send_review_reminders_task
from audit.models import Event
from partners.models import Role, User
from tests.agreements.factories import complete, draft, sign_all
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement_and_officer() -> tuple[Agreement, User]:
    """A published agreement in Sheffield that expects one benefit."""
    area = AreaFactory(name="Sheffield", slug="sheffield")
    officer = member_of(area, Role.OFFICER, email="officer@sheffield.example.org")
    agreement = complete(draft(area=area, officer=officer), officer)
    services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="individuals",
        description="Care is ready on the day of discharge.",
        measure="Share of discharges with care ready the same day.",
        expected_by=None,
    )
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)
    services.agreement_publish(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    return agreement, officer


def test_add_months_keeps_the_day_or_the_months_last() -> None:
    assert add_months(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_the_lead_is_warned_three_months_before_and_when_it_passes(
    agreement_and_officer: tuple[Agreement, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    agreement, officer = agreement_and_officer
    today = timezone.localdate()
    Agreement.objects.filter(pk=agreement.pk).update(review_date=today + timedelta(days=200))
    mail.outbox.clear()
    assert services.review_reminders_send(today=today) == 0
    due = add_months(today, 3)
    Agreement.objects.filter(pk=agreement.pk).update(review_date=due)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_send(today=today) == 1
        # Once per review date.
        assert services.review_reminders_send(today=today + timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "review due by" in mail.outbox[0].subject
    event = Event.objects.get(verb="agreement.review_reminder_sent")
    assert event.data["kind"] == "due_soon"
    assert event.data["review_date"] == due.isoformat()
    # The day after the review date: warned again, that it has passed.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_send(today=due + timedelta(days=1)) == 1
        assert services.review_reminders_send(today=due + timedelta(days=2)) == 0
    assert "review date passed" in mail.outbox[0].subject
    kinds = list(
        Event.objects.filter(verb="agreement.review_reminder_sent").values_list(
            "data__kind", flat=True
        )
    )
    assert sorted(kinds) == ["due_soon", "passed"]
    assert settings.CELERY_BEAT_SCHEDULE["review-reminders"]["task"] == (
        "agreements.tasks.send_review_reminders_task"
    )


def test_a_new_review_date_is_warned_about_afresh(
    agreement_and_officer: tuple[Agreement, User],
) -> None:
    agreement, _ = agreement_and_officer
    today = timezone.localdate()
    Agreement.objects.filter(pk=agreement.pk).update(review_date=today + timedelta(days=30))
    assert send_review_reminders_task() == 1
    Agreement.objects.filter(pk=agreement.pk).update(review_date=today + timedelta(days=60))
    assert send_review_reminders_task() == 1
    assert send_review_reminders_task() == 0


def test_withdrawn_and_draft_agreements_are_not_warned(
    agreement_and_officer: tuple[Agreement, User],
) -> None:
    agreement, officer = agreement_and_officer
    today = timezone.localdate()
    Agreement.objects.filter(pk=agreement.pk).update(review_date=today + timedelta(days=10))
    services.agreement_withdraw(agreement=agreement, actor=officer, reason="Ended")
    assert services.review_reminders_send(today=today) == 0


def test_officers_record_what_came_of_each_benefit(
    agreement_and_officer: tuple[Agreement, User],
) -> None:
    agreement, officer = agreement_and_officer
    publication = agreement.publication
    expected = publication.record["expected_benefits"]
    assert [b["description"] for b in expected] == ["Care is ready on the day of discharge."]
    with pytest.raises(services.AgreementError, match="evidence"):
        services.benefit_outcome_record(
            agreement=agreement, actor=officer, benefit_index=0, outcome="achieved", evidence=""
        )
    with pytest.raises(services.AgreementError, match="benefits the published version"):
        services.benefit_outcome_record(
            agreement=agreement, actor=officer, benefit_index=99, outcome="achieved", evidence="x"
        )
    with pytest.raises(services.AgreementError, match="what came of it"):
        services.benefit_outcome_record(
            agreement=agreement, actor=officer, benefit_index=0, outcome="great", evidence="x"
        )
    services.benefit_outcome_record(
        agreement=agreement, actor=officer, benefit_index=0, outcome="not_yet_known", evidence=""
    )
    client = Client()
    client.force_login(officer)
    response = client.post(
        f"/areas/sheffield/agreements/{agreement.reference}/public/benefits/",
        {
            "benefit": "0",
            "outcome": "partly",
            "evidence": "Days to first contact fell from 30 to 21.",
        },
    )
    assert response.status_code == 302
    assert BenefitOutcome.objects.count() == 2
    page = Client().get(f"/register/agreements/{agreement.reference}/").content.decode()
    assert expected[0]["description"] in page
    assert "Partly achieved" in page
    assert "Days to first contact fell from 30 to 21." in page
    record = Client().get("/register/agreements.json").json()["agreements"][0]
    assert record["benefits_realised"][0]["outcome"] == "partly"
    assert Event.objects.filter(verb="benefit.outcome_recorded").count() == 2
    reviewer = member_of(agreement.area, Role.REVIEWER)
    with pytest.raises(services.AgreementError):
        services.benefit_outcome_record(
            agreement=agreement, actor=reviewer, benefit_index=0, outcome="achieved", evidence="x"
        )
