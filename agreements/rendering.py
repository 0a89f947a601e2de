"""Agreement text: Markdown in, sanitised HTML out, with the agreement's placeholders
filled in. No script, style, event attribute or javascript: link survives."""

import re
from collections.abc import Mapping

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# {{area}} and the like are filled in from the agreement; [[...]] marks text an officer
# still has to write, and stops the agreement going to sign-off.
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PROMPT = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)
# A tag in nh3's output: attribute values are always double-quoted, quotes inside escaped.
TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
PLACEHOLDER_NAMES = (
    "agreement_title",
    "reference",
    "area",
    "lead_organisation",
    "parties",
    "review_date",
)


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Replace {{name}} with its value; unknown names are left as they are."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unfilled_prompts(text: str) -> list[str]:
    return [match.strip() for match in PROMPT.findall(text)]


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for ``text`` (already filled in)."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(_mark_prompts(clean))  # noqa: S308 - sanitised by nh3 just above


def _mark_prompts(clean: str) -> str:
    """Prompts still to fill in stand out on the page: in text only, never inside a
    tag's attributes (a link's title, say), where markup would break the tag."""
    parts = TAG.split(clean)
    for i in range(0, len(parts), 2):  # even parts are text between tags
        parts[i] = PROMPT.sub(
            lambda m: f'<mark class="dsa-prompt">[[{m.group(1)}]]</mark>', parts[i]
        )
    return "".join(parts)
