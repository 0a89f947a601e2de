"""Documents for the tests: HTML to render, and PDFs written byte by byte (hostile ones
among them), without the libraries under test."""

import re
import struct
import zlib
from html import escape

PROSE = (
    "The parties share the minimum personal data needed to identify families who may "
    "benefit from early help, and review the sharing every twelve months. "
    "Each party keeps a record of what it discloses, to whom, when and under which power. "
    "Data is sent through the secure exchange and never by ordinary e-mail. "
)


def html_document(*, sections: int = 8, title: str = "Early help information sharing") -> str:
    """A plain agreement-like document of a few pages: headings, prose, a list, a table,
    a running header and a "page X of Y" footer."""
    parts = []
    for number in range(1, sections + 1):
        rows = "".join(
            f"<tr><td>Category {number}.{row}</td><td>{'Yes' if row % 2 else 'No'}</td></tr>"
            for row in range(1, 6)
        )
        parts.append(
            f"<h2>{number}. Section {number}</h2><p>{PROSE * 4}</p>"
            "<ul><li>Names and dates of birth</li><li>School attendance</li></ul>"
            f"<table><caption>Data categories in section {number}</caption>"
            f"<thead><tr><th scope='col'>Category</th><th scope='col'>Special</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>"
        "@page { size: A4; margin: 2.5cm 2cm;"
        " @top-center { content: 'ESX-2026-0001 version 3'; font-size: 9pt }"
        " @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages); font-size: 9pt } }"
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; line-height: 1.4 }"
        "table { border-collapse: collapse; width: 100% } td, th { border: 1px solid #333 }"
        f"</style></head><body><h1>{escape(title)}</h1>{''.join(parts)}</body></html>"
    )


def inflated_streams(pdf: bytes) -> bytes:
    """Every stream of a PDF, inflated where it is compressed, and the file's own bytes:
    enough to look for a dictionary entry whatever object stream it ended up in."""
    found = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        start = match.end()
        end = pdf.find(b"endstream", start)
        try:
            found.append(zlib.decompressobj().decompress(pdf[start:end], 10_000_000))
        except zlib.error:
            continue
    return b"\n".join(found)


def hand_made_pdf(objects: list[bytes], *, trailer_extra: bytes = b"") -> bytes:
    """A PDF with a classic cross-reference table. ``objects[0]`` is object 1, the
    catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _zeros_deflated(megabytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


def content_stream_bomb(*, inflated_megabytes: int = 512) -> bytes:
    """A one-page PDF whose page content inflates from well under 1 MB to
    ``inflated_megabytes``."""
    return hand_made_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(_zeros_deflated(inflated_megabytes), b"/Filter /FlateDecode "),
        ]
    )


def many_pages(pages: int) -> bytes:
    """A small file claiming ``pages`` pages: one page object listed again and again."""
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    return hand_made_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def object_stream_bomb(*, inflated_megabytes: int = 200) -> bytes:
    """A PDF whose catalog sits in an object stream that inflates to
    ``inflated_megabytes``: reading the document at all means inflating it."""
    objects = b"<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [] /Count 0 >>"
    header = b"1 0 2 34 "
    compressor = zlib.compressobj(9)
    body = compressor.compress(header + objects)
    padding = b" " * (1024 * 1024)
    body += b"".join(compressor.compress(padding) for _ in range(inflated_megabytes))
    body += compressor.flush()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objstm_offset = len(out)
    out += b"3 0 obj\n" + _stream(
        body, b"/Type /ObjStm /N 2 /First %d /Filter /FlateDecode " % len(header)
    )
    out += b"\nendobj\n"
    xref_offset = len(out)
    # Cross-reference stream, entries of 1 + 4 + 2 bytes: free 0, objects 1 and 2 in the
    # object stream 3, object 3 at its offset, object 4 (this stream) at its offset.
    entries = (
        struct.pack(">BIH", 0, 0, 65535)
        + struct.pack(">BIH", 2, 3, 0)
        + struct.pack(">BIH", 2, 3, 1)
        + struct.pack(">BIH", 1, objstm_offset, 0)
        + struct.pack(">BIH", 1, xref_offset, 0)
    )
    out += b"4 0 obj\n" + _stream(entries, b"/Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R ")
    out += b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)
