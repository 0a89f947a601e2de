"""Finding a quoted passage in a section again: in the version it was made on, and in
later versions after the text around it has changed."""

import html
import re
from dataclasses import dataclass

import nh3

from .rendering import PLACEHOLDER, render_markdown

CONTEXT = 32


def plain_text(markdown_text: str) -> str:
    """What a reader sees of a section, as plain text with single spaces: the text a
    selection in the browser is made of, and what offsets count in."""
    return plain_text_of_html(str(render_markdown(markdown_text)))


def plain_text_of_html(rendered: str) -> str:
    """``plain_text`` of a section already rendered (by ``render_markdown``)."""
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return " ".join(text.split())


def normalise(quote: str) -> str:
    return " ".join(quote.split())


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


def _score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters next to an occurrence agree with the remembered context
    (spaces at the joins ignored: selections are trimmed)."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    prefix, suffix = prefix.rstrip(), suffix.lstrip()
    score = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def find_anchor(text: str, quote: str, prefix: str = "", suffix: str = "") -> Anchor | None:
    """Where ``quote`` is in ``text``: the occurrence whose surroundings best match
    ``prefix`` and ``suffix``, or None when it is not there at all."""
    wanted = normalise(quote)
    if not wanted:
        return None
    starts = [m.start() for m in re.finditer(re.escape(wanted), text)]
    if not starts:
        return None
    prefix, suffix = " ".join(prefix.split()), " ".join(suffix.split())
    best = max(starts, key=lambda s: (_score(text, s, s + len(wanted), prefix, suffix), -s))
    end = best + len(wanted)
    return Anchor(best, end, text[max(0, best - CONTEXT) : best], text[end : end + CONTEXT])


def replace_in_source(source: str, quote: str, replacement: str) -> str | None:
    """``source`` (a section's Markdown) with ``quote`` replaced, matching whitespace
    loosely; None when the words are not there exactly once. Words inside a
    placeholder's name ({{agreement_title}}) are not text, and never replaced."""
    words = normalise(quote).split(" ")
    if not words or words == [""]:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    names = [m.span() for m in PLACEHOLDER.finditer(source)]
    matches = [
        m
        for m in pattern.finditer(source)
        if not any(m.start() < end and start < m.end() for start, end in names)
    ]
    if len(matches) != 1:
        return None
    match = matches[0]
    return source[: match.start()] + replacement + source[match.end() :]
