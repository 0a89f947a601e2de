from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.services import record_event

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except SystemExit as exited:
        return int(exited.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_an_empty_ledger_verifies() -> None:
    code, out, _ = run()
    assert code == 0
    assert "0 events verified" in out


def test_prints_the_count_and_chain_head() -> None:
    events = [record_event(actor=None, verb="test.ok") for _ in range(3)]
    code, out, _ = run()
    assert code == 0
    assert "3 events verified" in out
    assert f"Chain head: {events[-1].seq}:{events[-1].hash}" in out


def test_an_expected_head_that_is_in_the_chain_passes() -> None:
    events = [record_event(actor=None, verb="test.ok") for _ in range(3)]
    record_event(actor=None, verb="test.later")
    code, out, _ = run("--expect-head", f"{events[1].seq}:{events[1].hash}")
    assert code == 0
    assert "is in the chain" in out


def test_an_expected_head_with_another_hash_fails_naming_the_seq() -> None:
    events = [record_event(actor=None, verb="test.ok") for _ in range(2)]
    code, _, err = run("--expect-head", f"{events[0].seq}:{'a' * 64}")
    assert code == 1
    assert f"BROKEN at seq {events[0].seq}: published head not in chain" in err


def test_a_malformed_expected_head_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("verify_audit", "--expect-head", "12:not-a-hash")
