"""The audit app's own ledger entries in words: checks of the chain."""

from collections.abc import Mapping
from typing import Any

from .verification import (
    CONTENT_CHANGED,
    HEAD_NOT_IN_CHAIN,
    LINK_BROKEN,
    ORDER_CHANGED,
    ROW_MISSING,
)
from .vocabulary import HIDDEN, Detail, Verb, as_hash, describe

PROBLEMS = {
    CONTENT_CHANGED: "an entry was changed after it was recorded",
    ROW_MISSING: "an entry is missing",
    ORDER_CHANGED: "entries were moved out of order",
    LINK_BROKEN: "an entry no longer follows from the one before it",
    HEAD_NOT_IN_CHAIN: "a chain head published earlier is no longer in the chain",
}


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


CHECK: Mapping[str, Detail] = {
    "intact": Detail(
        "Result",
        values={True: "every entry is intact", False: "it is broken"},
    ),
    "entries": Detail("Entries checked", show=_count),
    "head_seq": Detail("Latest entry checked", show=_count),
    "head_hash": Detail("Its hash", show=as_hash),
    "problem_seq": Detail("First entry that fails", show=_count),
    "problem": Detail("What is wrong", values=PROBLEMS),
    "problem_detail": HIDDEN,
    "reason": Detail("Why"),
}

VERBS: Mapping[str, Verb] = {
    "ledger.checked": Verb(
        "checked the ledger's hash chain: {intact}", "checked the ledger's hash chain", CHECK
    ),
    "ledger.check_failed": Verb(
        "asked for a check of the ledger's hash chain, which could not finish",
        "asked for a check of the chain that could not finish",
        CHECK,
    ),
}


def register() -> None:
    describe(VERBS)
