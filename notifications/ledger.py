"""The notifications app's ledger entries in words (see audit.vocabulary)."""

from collections.abc import Mapping

from audit.vocabulary import HIDDEN, Detail, Verb, describe

VERBS: Mapping[str, Verb] = {
    "outbox.job_retried": Verb(
        "asked for work that had failed to be tried again: {description}",
        "asked for failed work to be tried again",
        {
            "description": Detail("What"),
            "attempts_before": Detail("Tries before"),
            "task": HIDDEN,  # the function that runs it, kept for technical staff
        },
    ),
}


def register() -> None:
    describe(VERBS)
