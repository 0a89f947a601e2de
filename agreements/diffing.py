"""Word-level comparison of two texts, for comparing versions."""

import difflib
import re
from dataclasses import dataclass

# A word with the spaces after it: half as many tokens as words and spaces apart, and
# no token (a single space) that matches every other.
WORD = re.compile(r"\S+\s*|\s+")
# A sentence with the spaces after it; the last may have no full stop.
SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """``after`` compared with ``before`` as runs of unchanged, added and removed words
    (whitespace kept, so the text reads as written). Lines are matched first, then
    sentences within changed lines, and words only within changed sentences, which keeps
    long sections fast: a word-by-word match costs the product of the lengths."""
    if before == after:
        return [Piece("same", before)] if before else []
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_text, new_text = "".join(old_lines[a1:a2]), "".join(new_lines[b1:b2])
        if op == "equal":
            pieces.append(Piece("same", old_text))
        elif op == "delete":
            pieces.append(Piece("removed", old_text))
        elif op == "insert":
            pieces.append(Piece("added", new_text))
        else:
            pieces.extend(_sentences(old_text, new_text))
    return _merge_changes(_join_same_kind(pieces))


def _sentences(before: str, after: str) -> list[Piece]:
    old = [m for m in SENTENCE.findall(before) if m]
    new = [m for m in SENTENCE.findall(after) if m]
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_text, new_text = "".join(old[a1:a2]), "".join(new[b1:b2])
        if op == "equal":
            pieces.append(Piece("same", old_text))
        elif op == "delete":
            pieces.append(Piece("removed", old_text))
        elif op == "insert":
            pieces.append(Piece("added", new_text))
        else:
            pieces.extend(_words(old_text, new_text))
    return pieces


def _words(before: str, after: str) -> list[Piece]:
    old, new = WORD.findall(before), WORD.findall(after)
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


def _join_same_kind(pieces: list[Piece]) -> list[Piece]:
    joined: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if joined and joined[-1].kind == piece.kind:
            joined[-1] = Piece(piece.kind, joined[-1].text + piece.text)
        else:
            joined.append(piece)
    return joined


def _merge_changes(pieces: list[Piece]) -> list[Piece]:
    """Join changes separated only by spaces into one removal and one addition, so a
    rewritten phrase reads as a phrase rather than word by word."""
    merged: list[Piece] = []
    index = 0
    while index < len(pieces):
        if pieces[index].kind == "same":
            merged.append(pieces[index])
            index += 1
            continue
        block: list[Piece] = []
        while index < len(pieces):
            piece = pieces[index]
            if piece.kind == "same":
                following = index + 1 < len(pieces) and pieces[index + 1].kind != "same"
                if piece.text.strip() or not following:
                    break
            block.append(piece)
            index += 1
        kinds = {piece.kind for piece in block}
        if {"removed", "added"} <= kinds:
            removed = "".join(p.text for p in block if p.kind != "added")
            added = "".join(p.text for p in block if p.kind != "removed")
            merged += [Piece("removed", removed), Piece("added", added)]
        else:
            merged += block
    return merged


def has_changes(pieces: list[Piece]) -> bool:
    return any(piece.kind != "same" for piece in pieces)
