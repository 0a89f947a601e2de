"""Showing ledger events to people, in words (see audit.vocabulary)."""

from typing import Any

from django import template

from .. import vocabulary

register = template.Library()


@register.filter
def audit_verb(verb: str) -> str:
    """'agreement.signoff_requested' -> 'Asked for sign-off'."""
    return vocabulary.verb_label(verb)


@register.filter
def in_words(event: Any) -> vocabulary.InWords:
    """The event as a sentence ("Catherine Moore asked for sign-off of version 2") and
    its details as (label, text) pairs."""
    return vocabulary.in_words(event)
