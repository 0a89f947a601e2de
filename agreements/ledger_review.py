"""The ledger's entries about review, in words (see audit.vocabulary): comments and
replies on a version, suggested wording, threads carried over to a new version, and
invited reviewers."""

from collections.abc import Mapping

from audit.vocabulary import HIDDEN, Detail, Verb, as_date, describe, mapping_text, words_for

from .ledger import VERSION, _heading
from .models import CommentResolution, SuggestionState

_words = words_for

RESOLUTION = Detail("Resolved as", values=_words(CommentResolution))
COMMENT: Mapping[str, Detail] = {
    "comment": HIDDEN,
    "reply": HIDDEN,
    "version": VERSION,
    "section": Detail("Section", show=_heading),
    "quote": Detail("On the words"),
    "text": Detail("Comment"),
    "replacement": Detail("Suggested wording"),
    "suggested_by": Detail("Suggested by"),
    "reason": Detail("Reason"),
    "resolution": RESOLUTION,
    "note": Detail("Note to the reviewer"),
    "suggestion": Detail("Suggested wording", values=_words(SuggestionState)),
    "moved": Detail("Moved to the new version"),
    "outdated": Detail("Marked as on words no longer there"),
    "was": Detail(
        "Had been resolved",
        show=mapping_text(
            {
                "resolution": RESOLUTION,
                "note": Detail("Note"),
                "version": VERSION,
                "by": Detail("By"),
                "at": Detail("On", show=lambda v: as_date(str(v)[:10]) if v else "none"),
            }
        ),
    ),
}

INVITATION: Mapping[str, Detail] = {
    "email": Detail("E-mail address"),
    "name": Detail("Name"),
    "new_account": Detail("New account"),
    "note": Detail("Message"),
}

VERBS: Mapping[str, Verb] = {
    "comment.added": Verb("commented on version {version}", "commented", COMMENT),
    "comment.replied": Verb("replied to a review thread", "replied to a thread", COMMENT),
    "comment.resolved": Verb(
        "resolved a review thread as {resolution}", "resolved a thread", COMMENT
    ),
    "comment.reopened": Verb("reopened a review thread", "reopened a thread", COMMENT),
    "comments.reanchored": Verb(
        "carried open comments over to version {version}",
        "carried comments over to a new version",
        COMMENT,
    ),
    "suggestion.made": Verb("suggested new wording", "suggested wording", COMMENT),
    "suggestion.accepted": Verb(
        "accepted wording suggested by {suggested_by} into the draft",
        "accepted suggested wording",
        COMMENT,
    ),
    "suggestion.rejected": Verb(
        "turned down suggested wording", "turned down suggested wording", COMMENT
    ),
    "reviewer.invited": Verb(
        "invited {name} to review the agreement", "invited a reviewer", INVITATION
    ),
}


def register() -> None:
    describe(VERBS)
