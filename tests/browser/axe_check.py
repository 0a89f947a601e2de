"""axe-core in the page, from the copy vendored in ``assets/`` (see its README): serious
and critical violations, under the WCAG 2.2 AA rules (and A, 2.0 and 2.1 before them) or
every rule axe-core has."""

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

# axe-core 4.14.1, vendored from npm.
AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, *, tags: list[str] | None = WCAG) -> list[dict[str, Any]]:
    """The serious and critical violations on the page as it stands; ``tags=None`` runs
    every rule. The script is evaluated through the browser's own channel, so the page's
    content security policy (scripts from the service only) does not refuse it."""
    page.evaluate(_axe_source())
    results = page.evaluate(
        "(tags) => axe.run(document, Object.assign({resultTypes: ['violations']},"
        " tags ? {runOnly: {type: 'tag', values: tags}} : {}))",
        tags,
    )
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def described(violations: list[dict[str, Any]]) -> list[str]:
    """Each violation as "rule (impact): help at where"."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in violations
    ]


def assert_accessible(page: Page) -> None:
    found = axe_violations(page)
    assert not found, f"{page.url}: " + "; ".join(described(found))
