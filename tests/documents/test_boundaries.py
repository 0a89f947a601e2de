"""Only the documents app may import WeasyPrint and pyHanko (ruff's banned-API rule)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"


def ruff(source: str, *, as_path: str) -> subprocess.CompletedProcess[str]:
    """Lint ``source`` as if it were the project's file at ``as_path``, with the project's
    own configuration; nothing is written into the project."""
    return subprocess.run(
        [RUFF, "check", "--no-cache", "--select", "TID251", "--stdin-filename", as_path, "-"],
        input=source,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "source",
    [
        "import weasyprint\n",
        "from weasyprint import HTML\n",
        "from pyhanko.sign import signers\n",
        "from pyhanko_certvalidator import ValidationContext\n",
    ],
)
@pytest.mark.parametrize("where", ["agreements/services/pdf.py", "register/views.py", "tests/x.py"])
def test_importing_them_outside_documents_is_banned(source: str, where: str) -> None:
    result = ruff(source, as_path=where)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "TID251" in result.stdout
    assert "is banned" in result.stdout


def test_the_documents_app_may_import_them() -> None:
    source = "import weasyprint\nfrom pyhanko.sign import signers\n\n__all__ = ['signers', 'weasyprint']\n"
    result = ruff(source, as_path="documents/render.py")
    assert result.returncode == 0, result.stdout + result.stderr
