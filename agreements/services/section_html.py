"""Issued versions' sections as HTML, rendered (and sanitised) once and kept."""

from django.utils.safestring import SafeString, mark_safe

from .. import rendering
from ..models import SectionHtml, Version


def version_sections_html(*, version: Version) -> dict[str, SafeString]:
    """The HTML of each of an issued version's sections, by key: as kept when it was
    issued, rendered now (and kept) for any section of a version issued before its HTML
    was kept."""
    kept = dict(SectionHtml.objects.filter(version=version).values_list("key", "html"))
    missing = [s for s in version.content["sections"] if s["key"] not in kept]
    if missing:
        rendered = {s["key"]: str(rendering.render_markdown(s["text"])) for s in missing}
        SectionHtml.objects.bulk_create(
            [SectionHtml(version=version, key=key, html=html) for key, html in rendered.items()],
            ignore_conflicts=True,
        )
        kept.update(rendered)
    # Sanitised by nh3 when rendered (rendering.render_markdown), before it was kept.
    return {key: mark_safe(html) for key, html in kept.items()}  # noqa: S308
