"""HTML to a tagged PDF, with WeasyPrint.

Every PDF is PDF/UA-1: tagged, so screen readers follow headings, lists and tables, with
the document language and title set. Resources are fetched only from the service's own
static files (stylesheets, fonts, images) or ``data:`` URLs: never from the network or the
file system, so text that reaches a template cannot make the renderer fetch or embed
anything else.
"""

import hashlib
import logging
import mimetypes
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.utils.translation import to_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# PDF/UA-1 (ISO 14289-1): tagged structure, language, title shown in the viewer's title bar.
PDF_VARIANT = "pdf/ua-1"

# Keys of the document information dictionary that the PDF format defines itself.
_STANDARD_INFO_KEYS = frozenset(
    {"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate"}
    | {"Trapped"}
)
_CUSTOM_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")


@dataclass(frozen=True)
class PdfMetadata:
    """What a PDF says about itself, in its document information dictionary (and, for the
    standard fields, its XMP metadata).

    ``custom`` adds fields of our own, such as ``AgreementReference``, ``VersionNumber``
    and ``VersionSHA256``, so that a verifier can say which document a file is. Their
    names are letters and digits, starting with a letter; values are plain text.
    """

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    custom: Mapping[str, str] = field(default_factory=dict)
    created: datetime | None = None

    def __post_init__(self) -> None:
        for key, value in self.custom.items():
            if not _CUSTOM_KEY.fullmatch(key) or key in _STANDARD_INFO_KEYS:
                raise ValueError(
                    f"Custom PDF metadata name {key!r} must be letters and digits, start with "
                    "a letter, and not be one of the standard names."
                )
            if not isinstance(value, str):
                raise TypeError(f"Custom PDF metadata {key!r} must be text, not {type(value)}.")


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF and what a caller needs to store with it."""

    content: bytes
    page_count: int
    # Resources the HTML referred to that were not fetched (not our static files, or
    # missing): the PDF was made without them.
    refused_urls: tuple[str, ...] = ()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def default_language() -> str:
    """The service's language as a BCP 47 tag (``en-gb`` becomes ``en-GB``)."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


def render_pdf(
    html: str,
    *,
    base_url: str | None = None,
    lang: str | None = None,
    metadata: PdfMetadata | None = None,
) -> RenderedPdf:
    """Render an HTML document to a tagged PDF (PDF/UA-1).

    ``base_url`` resolves relative links and resources; it defaults to ``SITE_URL`` so that
    links in the PDF point at the service and ``/static/...`` resources are read from its
    static files. ``lang`` (BCP 47) is the document's language: by default the HTML's
    ``lang`` attribute, else the service's language; ``lang`` attributes inside the HTML
    still mark passages in other languages.
    Without a ``metadata.title`` the HTML's ``<title>`` is used.

    Raises ValueError for an empty document or one without a title; WeasyPrint's own
    errors for HTML it cannot lay out pass through.
    """
    if not html.strip():
        raise ValueError("There is no HTML to render.")
    base = base_url or _site_base_url()
    fetcher = StaticFilesFetcher(base_url=base)
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render()
    info = document.metadata
    info.lang = lang or info.lang or default_language()
    if metadata is not None:
        info.title = metadata.title or info.title
        info.authors = [metadata.author] if metadata.author else info.authors
        info.description = metadata.subject or info.description
        info.keywords = list(metadata.keywords) or info.keywords
        if metadata.created is not None:
            info.created = info.modified = metadata.created.isoformat(timespec="seconds")
    if not info.title:
        raise ValueError(
            "An accessible PDF needs a title: give the HTML a <title> or pass metadata.title."
        )
    # Only our own fields are written as custom fields, never an HTML <meta> we did not
    # choose to publish.
    custom_fields: dict[str, Any] = dict(metadata.custom) if metadata is not None else {}
    info.custom = custom_fields
    content = document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=bool(custom_fields))
    if fetcher.refused:
        logger.warning("PDF rendered without resources it refers to: %s", fetcher.refused)
    return RenderedPdf(
        content=content, page_count=len(document.pages), refused_urls=tuple(fetcher.refused)
    )


def _site_base_url() -> str:
    site = settings.SITE_URL or "http://localhost/"
    return site if site.endswith("/") else site + "/"


class StaticFilesFetcher(URLFetcher):
    """Serves WeasyPrint the service's static files and ``data:`` URLs, and nothing else.

    A URL is ours when it lies under ``STATIC_URL`` resolved against the base URL or
    ``SITE_URL``; it is read from the collected static files or, before ``collectstatic``,
    from the static-file finders. Anything else is refused (WeasyPrint logs it and renders
    without it) and recorded in ``refused``.
    """

    def __init__(self, *, base_url: str) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        static_url = settings.STATIC_URL or "/static/"
        self.prefixes = tuple(
            {urljoin(base, static_url) for base in (base_url, _site_base_url())}
            | ({static_url} if urlsplit(static_url).scheme else set())
        )
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_file(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"{url} is not one of the service's static files.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _static_file(self, url: str) -> Path | None:
        target = url.split("#", 1)[0].split("?", 1)[0]
        prefix = next((p for p in self.prefixes if target.startswith(p)), None)
        if prefix is None:
            return None
        name = unquote(target[len(prefix) :])
        normalised = posixpath.normpath(name)
        if not name or normalised != name.rstrip("/") or normalised.startswith(("..", "/")):
            return None
        try:
            if staticfiles_storage.exists(name):
                return Path(staticfiles_storage.path(name))
        except (NotImplementedError, SuspiciousFileOperation):
            pass
        found = finders.find(name)
        return Path(found) if isinstance(found, str) else None
