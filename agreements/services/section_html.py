"""Issued versions' sections as HTML, rendered (and sanitised) once and kept."""

from django.utils.safestring import SafeString, mark_safe

from .. import rendering
from ..models import SectionHtml, Version


def version_sections_html(
    *, version: Version, previous: Version | None = None
) -> dict[str, SafeString]:
    """The HTML of each of an issued version's sections, by key: as kept when it was
    issued, or else made now and kept (for a version issued before its HTML was kept).
    A section whose text is the same in ``previous`` (the version before, when it is
    being issued) takes that version's HTML rather than being rendered again."""
    kept = dict(SectionHtml.objects.filter(version=version).values_list("key", "html"))
    missing = {s["key"]: s["text"] for s in version.content["sections"] if s["key"] not in kept}
    if not missing:
        # Sanitised by nh3 when rendered (rendering.render_markdown), before it was kept.
        return {key: mark_safe(html) for key, html in kept.items()}  # noqa: S308
    made: dict[str, str] = {}
    if previous is not None:
        earlier = {s["key"]: s["text"] for s in previous.content["sections"]}
        same = [key for key, text in missing.items() if earlier.get(key) == text]
        made.update(
            SectionHtml.objects.filter(version=previous, key__in=same).values_list("key", "html")
        )
    made.update(
        {
            key: str(rendering.render_markdown(text))
            for key, text in missing.items()
            if key not in made
        }
    )
    SectionHtml.objects.bulk_create(
        [SectionHtml(version=version, key=key, html=html) for key, html in made.items()],
        ignore_conflicts=True,
    )
    kept.update(made)
    return {key: mark_safe(html) for key, html in kept.items()}  # noqa: S308
