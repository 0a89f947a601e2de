"""Word-level comparison of two texts, for comparing versions."""

import difflib
import re
from dataclasses import dataclass

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """``after`` compared with ``before`` as runs of unchanged, added and removed words
    (whitespace kept, so the text reads as written)."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(old[a1:a2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(old[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(new[b1:b2])))
    return pieces


def has_changes(pieces: list[Piece]) -> bool:
    return any(piece.kind != "same" for piece in pieces)
