"""Whatever bytes arrive, the check answers in plain words and never raises."""

import random

import pytest

from documents.check import CheckLimits, Verdict, check_pdf
from tests.documents.pdfs import (
    content_stream_bomb,
    hand_made_pdf,
    many_pages,
    object_stream_bomb,
)


def test_an_empty_file() -> None:
    result = check_pdf(b"")
    assert result.verdict == Verdict.NOT_PDF
    assert result.summary == "This file is not a PDF."
    assert result.reasons == ("The file is empty.",)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"PK\x03\x04" + bytes(200), "Word, Excel or OpenDocument"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"<!DOCTYPE html><html><body>Agreement</body></html>", "web page"),
        (b"Dear colleague, please find the agreement attached.", "starts with"),
    ],
)
def test_a_file_that_is_not_a_pdf_says_what_it_looks_like(data: bytes, hint: str) -> None:
    result = check_pdf(data)
    assert result.verdict == Verdict.NOT_PDF
    assert not result.is_pdf
    assert not result.sealed
    assert hint in result.reasons[0]


def test_a_50_megabyte_file_is_refused_before_it_is_read() -> None:
    data = b"%PDF-1.7\n" + bytes(50 * 1024 * 1024)
    result = check_pdf(data)
    assert result.verdict == Verdict.TOO_BIG
    assert result.reasons[0].startswith("The file is 50.0 MB; files of up to 20.0 MB")
    assert result.sha256 == ""  # nothing was done with it


def test_the_size_limit_can_be_set() -> None:
    result = check_pdf(many_pages(1), limits=CheckLimits(max_bytes=100))
    assert result.verdict == Verdict.TOO_BIG


def test_a_stream_that_inflates_to_hundreds_of_megabytes_is_never_inflated() -> None:
    bomb = content_stream_bomb(inflated_megabytes=256)
    assert len(bomb) < 1024 * 1024
    result = check_pdf(bomb)
    # Checking a seal reads the document's structure, not its pages' contents.
    assert result.verdict == Verdict.UNSEALED
    assert result.page_count == 1


def test_an_object_stream_bomb_is_refused() -> None:
    bomb = object_stream_bomb(inflated_megabytes=200)
    assert len(bomb) < 1024 * 1024
    result = check_pdf(bomb)
    assert result.verdict == Verdict.UNREADABLE
    assert "expands to far more data than its size" in result.reasons[0]


def test_a_pdf_claiming_thousands_of_pages_is_refused() -> None:
    result = check_pdf(many_pages(50_000))
    assert result.verdict == Verdict.UNREADABLE
    assert result.page_count == 50_000
    assert "50,000 pages, more than the 2,000" in result.reasons[0]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        hand_made_pdf([b"<< /Type /Catalog /Pages 9 0 R >>"]),
        hand_made_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count (many) >>"]),
        hand_made_pdf([b"<< /Type /Catalog /Pages 1 0 R >>"]),  # the page tree is itself
        hand_made_pdf([b"<< /Type /Catalog"]),
    ],
    ids=["header only", "noise", "missing pages", "nonsense count", "loop", "unclosed"],
)
def test_a_damaged_pdf_is_reported_as_unreadable(data: bytes) -> None:
    result = check_pdf(data)
    assert result.verdict == Verdict.UNREADABLE
    assert "damaged" in result.reasons[0]


def test_a_truncated_sealed_pdf(sealed: bytes) -> None:
    result = check_pdf(sealed[: len(sealed) // 2])
    assert result.verdict in (Verdict.UNREADABLE, Verdict.ALTERED)
    assert not result.issued_here


def test_random_damage_to_a_sealed_pdf_never_passes_and_never_raises(sealed: bytes) -> None:
    chance = random.Random(20261130)
    for _ in range(25):
        damaged = bytearray(sealed)
        for _ in range(chance.randint(1, 4)):
            position = chance.randrange(len(damaged))
            damaged[position] = chance.randrange(256)
        if bytes(damaged) == sealed:
            continue
        result = check_pdf(bytes(damaged))
        # Bytes in the padding after the signature, or in certificates the signature does
        # not rely on, are outside what a seal covers; anything else must not pass.
        if result.verdict == Verdict.SEALED_HERE:
            start = sealed.index(b"/Contents <")
            end = sealed.index(b">", start)
            changed = [i for i in range(len(sealed)) if damaged[i] != sealed[i]]
            assert all(start < i < end for i in changed), result
        assert result.summary
