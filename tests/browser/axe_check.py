"""axe-core in the page: the WCAG 2.2 AA rules (and A, and 2.0 and 2.1 before them), with
no serious or critical violation allowed."""

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical violations on the page as it stands."""
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        TAGS,
    )
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def assert_accessible(page: Page) -> None:
    found = axe_violations(page)
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in found
    ]
    assert not found, f"{page.url}: " + "; ".join(described)
