"""Agreement text: Markdown in, sanitised HTML out, with the agreement's placeholders
filled in. No script, style, event attribute or javascript: link survives."""

import re
import threading
from collections import OrderedDict
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
# A prompt in sanitised HTML: its words may carry inline markup, never a block.
# (nh3 escapes < and > inside attribute values, so every < here starts a tag.)
INLINE_TAGS = ("strong", "em", "b", "i", "code", "a", "br")
PROMPT_IN_HTML = re.compile(
    r"\[\[((?:[^\[\]<]|</?(?:" + "|".join(INLINE_TAGS) + r")\b[^>]*>)+?)\]\]"
)
OPENING_OR_CLOSING = re.compile(r"<(/?)([a-z0-9]+)\b[^>]*?(/?)>")
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


# The working copy's sections, rendered, by (section id, revision): a section's text
# changes only with a new revision, so most pages render none at all. Each entry keeps the
# text it was rendered from and is used only for that text (the agreement's placeholders,
# its title say, can change without a new revision). Per process, and bounded: about
# 2,000 sections of a few kilobytes each.
WORKING_COPY_CACHE_SIZE = 2000
_working_copy: OrderedDict[tuple[int, int], tuple[str, SafeString]] = OrderedDict()
_working_copy_lock = threading.Lock()


def render_section(section_id: int, revision: int, text: str) -> SafeString:
    """``render_markdown(text)`` for revision ``revision`` of a working copy's section,
    rendered once per revision (and text) in this process."""
    key = (section_id, revision)
    with _working_copy_lock:
        kept = _working_copy.get(key)
        if kept is not None and kept[0] == text:
            _working_copy.move_to_end(key)
            return kept[1]
    html = render_markdown(text)
    with _working_copy_lock:
        _working_copy[key] = (text, html)
        _working_copy.move_to_end(key)
        while len(_working_copy) > WORKING_COPY_CACHE_SIZE:
            _working_copy.popitem(last=False)
    return html


def _balanced(fragment: str) -> bool:
    """Whether the inline tags in ``fragment`` open and close in order."""
    stack: list[str] = []
    for closing, name, self_closing in OPENING_OR_CLOSING.findall(fragment):
        if name == "br" or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _mark_prompts(clean: str) -> str:
    """Prompts still to fill in stand out on the page: only where they start in text
    (never inside a tag's attributes, a link's title say) and wrap whole inline tags."""

    def mark(match: re.Match[str]) -> str:
        start = match.start()
        inside_tag = clean.rfind("<", 0, start) > clean.rfind(">", 0, start)
        if inside_tag or not _balanced(match.group(1)):
            return match.group(0)
        return f'<mark class="dsa-prompt">{match.group(0)}</mark>'

    return PROMPT_IN_HTML.sub(mark, clean)
