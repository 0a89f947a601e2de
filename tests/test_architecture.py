"""Imports run one way (DESIGN.md): register -> agreements -> notifications, gateways ->
partners -> audit; documents and audit import nothing of ours. And a template of a
lower app never loads a tag library of a higher one: lower apps reach higher ones'
work through the hooks those apps register (partners.dashboard, gateways.reliance,
audit.vocabulary)."""

import ast
import re
from pathlib import Path

from django.template.backends.django import get_installed_libraries

ROOT = Path(__file__).resolve().parents[1]
LEVEL = {
    "audit": 0,
    "documents": 0,
    "partners": 1,
    "gateways": 2,
    "notifications": 2,
    "agreements": 3,
    "register": 4,
}
LEAVES = {"audit", "documents"}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(LEVEL)


def test_apps_import_only_apps_below_them() -> None:
    wrong = []
    for app, level in LEVEL.items():
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else []:
            if "migrations" in path.parts:
                continue
            for other in _imported_apps(path) - {app}:
                if app in LEAVES or LEVEL[other] >= level:
                    wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, wrong


def test_templates_load_no_tag_library_of_a_higher_app() -> None:
    libraries = get_installed_libraries()
    wrong = []
    for path in (ROOT / "templates").rglob("*.html"):
        folder = path.relative_to(ROOT / "templates").parts[0]
        level = LEVEL.get(folder, -1)  # the root's own pages load no app's library
        for names in LOAD.findall(path.read_text(encoding="utf-8")):
            for name in names.split():
                module = libraries.get(name, "")
                owner = next((app for app in LEVEL if module.startswith(f"{app}.")), None)
                if owner is None:
                    continue
                if LEVEL[owner] > level:
                    wrong.append(f"{path.relative_to(ROOT)} loads {name} ({owner})")
    assert not wrong, wrong
