"""The check of an upload runs in a child process with a ceiling on time and memory: the
answer is the same as checking in-process, and a file that would go past either ceiling
is stopped with a reason instead."""

import pytest

from documents.bounded import TOO_MUCH_WORK, Bounds, check_pdf_bounded
from documents.check import Verdict, check_pdf
from tests.documents.pdfs import hand_made_pdf, object_stream_bomb


def test_a_sealed_pdf_gets_the_same_answer_as_in_process(sealed: bytes) -> None:
    bounded = check_pdf_bounded(sealed)
    assert bounded == check_pdf(sealed)
    assert bounded.verdict == Verdict.SEALED_HERE


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n" + bytes(21 * 1024 * 1024)])
def test_what_needs_no_parsing_is_answered_without_a_child(data: bytes) -> None:
    assert check_pdf_bounded(data) == check_pdf(data)


def test_a_bomb_is_refused_by_the_parsers_own_limits_inside_the_child() -> None:
    result = check_pdf_bounded(object_stream_bomb(inflated_megabytes=200))
    assert result.verdict == Verdict.UNREADABLE
    assert "expands to far more data" in result.reasons[0]


def test_a_file_that_takes_too_long_is_stopped() -> None:
    fields = b" ".join(b"3 0 R" for _ in range(400_000))
    slow = hand_made_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + fields + b"] >> >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /FT /Sig /V 4 0 R >>",
            b"<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>",
        ]
    )
    result = check_pdf_bounded(slow, bounds=Bounds(seconds=1.0))
    assert result.verdict == Verdict.UNREADABLE
    assert result.reasons == (TOO_MUCH_WORK,)
    assert len(result.sha256) == 64


def test_a_check_that_needs_more_memory_than_allowed_does_not_pass(sealed: bytes) -> None:
    result = check_pdf_bounded(sealed, bounds=Bounds(memory_bytes=256 * 1024))
    # Out of memory inside the parser reads as a file that cannot be read safely.
    assert result.verdict == Verdict.UNREADABLE
    assert result.reasons in ((TOO_MUCH_WORK,), (check_pdf(b"%PDF-1.7\n").reasons[0],))
