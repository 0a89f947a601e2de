import re
import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.verification import verify_chain

_HEAD = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = (
        "Check the audit ledger's hash chain. Exit 0 printing the event count and chain "
        "head; exit 1 naming the first bad seq and what is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="A chain head published earlier, which must still be in the chain.",
        )
        parser.add_argument("--batch-size", type=int, default=10_000)

    def handle(
        self,
        *args: object,
        expect_head: str | None = None,
        batch_size: int = 10_000,
        **options: object,
    ) -> None:
        expected = None
        if expect_head:
            match = _HEAD.match(expect_head.strip().lower())
            if not match:
                raise CommandError("--expect-head takes SEQ:HASH, e.g. 1234:<64 hex digits>")
            expected = (int(match.group(1)), match.group(2))
        started = time.perf_counter()
        verdict = verify_chain(batch_size=batch_size, expect_head=expected)
        elapsed = time.perf_counter() - started
        if verdict.problem is not None:
            self.stderr.write(
                f"Audit chain BROKEN at seq {verdict.problem.seq}: {verdict.problem.kind} "
                f"({verdict.problem.detail}). {verdict.count} events before it verified."
            )
            sys.exit(1)
        head = (
            f"{verdict.head_seq}:{verdict.head_hash}" if verdict.head_seq else "none (empty ledger)"
        )
        self.stdout.write(
            f"Audit chain OK: {verdict.count} events verified in {elapsed:.2f} s. "
            f"Chain head: {head}"
            + (f". Published head {expect_head} is in the chain." if expected else "")
        )
