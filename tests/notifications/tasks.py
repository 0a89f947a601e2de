"""Outbox jobs for the outbox's own tests: they record each run, and can be told to fail."""

import threading

runs: list[tuple[str, int]] = []
failures_left: dict[int, int] = {}
_lock = threading.Lock()


def record_task(*, item: int) -> None:
    with _lock:
        runs.append(("record", item))


def flaky_task(*, item: int) -> None:
    with _lock:
        left = failures_left.get(item, 0)
        if left:
            failures_left[item] = left - 1
            raise ConnectionError(f"mail server unreachable ({left} more)")
        runs.append(("flaky", item))


def reset() -> None:
    with _lock:
        runs.clear()
        failures_left.clear()
