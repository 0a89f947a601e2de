"""Several writers appending at once leave one unbroken chain."""

import threading

import pytest
from django.db import connection, connections, transaction

from audit.models import Event
from audit.services import record_event
from audit.verification import verify_chain

WRITERS = 6
EACH = 40


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain() -> None:
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            start.wait()
            for index in range(EACH):
                with transaction.atomic():
                    record_event(
                        actor=None, verb="test.concurrent", data={"writer": number, "i": index}
                    )
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    verdict = verify_chain()
    assert verdict.ok, verdict.problem
    assert verdict.count == WRITERS * EACH
    assert list(Event.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, WRITERS * EACH + 1)
    )
    # Every writer's events are all there.
    for number in range(WRITERS):
        assert Event.objects.filter(data__writer=number).count() == EACH
