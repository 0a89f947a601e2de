"""The agreement's life in one table: each action, the states it is allowed in, the state
it leads to, and who may take it. Services guard with ``require``; views take their roles
from ``ACTIONS``; templates ask ``available`` which actions the current state allows.
A new state or action is added here and nowhere else.

Two words that are easy to confuse are kept apart: officers *issue* a version (freeze
the working copy for reviewers and signatories), and *publish* a signed agreement on the
public register.
"""

from dataclasses import dataclass

from partners.models import Role

from .models import AgreementStatus

S = AgreementStatus

EDITORS = frozenset({Role.OFFICER, Role.AREA_ADMIN})
SIGNATORIES = frozenset({Role.SIGNATORY})
# Everyone with a part in an agreement who may say how they weigh its trade-off (people
# invited to review one agreement may too: see permissions.user_can_record_perspective).
WEIGHERS = frozenset({Role.OFFICER, Role.REVIEWER, Role.SIGNATORY})
SYSTEM: frozenset[str] = frozenset()  # done by a scheduled job, not by a person

WRONG_STATE = "This cannot be done while the agreement is {status}."


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # what people see, e.g. on a button
    allowed_in: frozenset[str]
    # The state it leads to; None when it leaves the state as it is (or, for sign-off,
    # when the service decides: signed once every party has approved).
    leads_to: str | None
    roles: frozenset[str]


def _action(
    name: str, label: str, allowed_in: set[str], leads_to: str | None, roles: frozenset[str]
) -> Action:
    return Action(name, label, frozenset(allowed_in), leads_to, roles)


_ALL_BUT_WITHDRAWN = {s for s in S.values if s != S.WITHDRAWN}
# States in which a published agreement is still in force: published, or signed again,
# or while a revision of it is drafted, reviewed or signed.
_IN_FORCE_WHEN_PUBLISHED: set[str] = {
    S.PUBLISHED,
    S.SIGNED,
    S.DRAFT,
    S.IN_REVIEW,
    S.AWAITING_SIGNOFF,
}

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        _action(
            "edit",
            "Change the draft",
            {S.DRAFT, S.IN_REVIEW, S.AWAITING_SIGNOFF},
            None,
            EDITORS,
        ),
        _action(
            "issue_version",
            "Issue a version for review",
            {S.DRAFT, S.IN_REVIEW},
            S.IN_REVIEW,
            EDITORS,
        ),
        _action("resume_review", "Put back in review", {S.DRAFT}, S.IN_REVIEW, EDITORS),
        _action("comment", "Comment", {S.IN_REVIEW}, None, WEIGHERS | EDITORS),
        _action(
            "answer_threads",
            "Reply to and resolve threads",
            {S.DRAFT, S.IN_REVIEW, S.AWAITING_SIGNOFF},
            None,
            WEIGHERS | EDITORS,
        ),
        _action(
            "record_perspective",
            "Record your view of the trade-off",
            {S.IN_REVIEW, S.AWAITING_SIGNOFF, S.SIGNED, S.PUBLISHED},
            None,
            WEIGHERS,
        ),
        _action("request_signoff", "Ask for sign-off", {S.IN_REVIEW}, S.AWAITING_SIGNOFF, EDITORS),
        _action("sign_off", "Sign off", {S.AWAITING_SIGNOFF}, None, SIGNATORIES),
        _action(
            "record_outside_signoff",
            "Record a sign-off made outside the service",
            {S.AWAITING_SIGNOFF},
            None,
            EDITORS,
        ),
        _action("publish", "Publish on the public register", {S.SIGNED}, S.PUBLISHED, EDITORS),
        _action(
            "start_revision",
            "Start a revision",
            {S.AWAITING_SIGNOFF, S.SIGNED, S.PUBLISHED, S.LAPSED},
            S.DRAFT,
            EDITORS,
        ),
        _action("withdraw", "Withdraw", _ALL_BUT_WITHDRAWN, S.WITHDRAWN, EDITORS),
        _action("lapse", "Lapse", {S.SIGNED, S.PUBLISHED}, S.LAPSED, SYSTEM),
        # The public register's side of an agreement whose signed version is published
        # (the services also check that it is, and that it is in force).
        _action(
            "open_public_comment",
            "Open for the public's views",
            _IN_FORCE_WHEN_PUBLISHED,
            None,
            EDITORS,
        ),
        _action(
            "close_public_comment", "Close to the public's views", set(S.values), None, EDITORS
        ),
        _action("hide_public_comment", "Hide a public comment", set(S.values), None, EDITORS),
        _action(
            "record_benefit_outcome",
            "Record what came of the benefits",
            _ALL_BUT_WITHDRAWN,
            None,
            EDITORS,
        ),
    )
}


class WrongState(Exception):
    """The action is not allowed in the agreement's current state."""


def allows(action: str, status: str) -> bool:
    return status in ACTIONS[action].allowed_in


def states_allowing(action: str) -> frozenset[str]:
    return ACTIONS[action].allowed_in


def roles_for(action: str) -> frozenset[str]:
    return ACTIONS[action].roles


def leads_to(action: str) -> str:
    target = ACTIONS[action].leads_to
    assert target is not None, f"{action} does not change the state"
    return target


def wrong_state_message(status: str) -> str:
    return WRONG_STATE.format(status=S(status).label.lower())


def available(status: str) -> dict[str, bool]:
    """Every action's name -> whether the state allows it; for templates, as ``can``."""
    return {name: status in action.allowed_in for name, action in ACTIONS.items()}
