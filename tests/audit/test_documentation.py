"""The re-checking script in docs/audit-ledger.md works on a real export."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.models import Event
from audit.presentation import raw_csv_response
from audit.services import record_event
from tests.partners.factories import AreaFactory

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-ledger.md"


def _script() -> str:
    match = re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert match, "docs/audit-ledger.md has no python script"
    return match.group(1)


def _export(tmp_path: Path) -> Path:
    response = raw_csv_response(Event.objects.order_by("seq"), "all.csv")
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def test_the_documented_script_checks_an_export(tmp_path: Path) -> None:
    area = AreaFactory(name="Melton")
    record_event(actor=None, verb="test.one", area=area, data={"note": 'Zoë said "fine"\n'})
    record_event(actor=None, verb="test.two", target=("x.y", "=1+1"), data={"list": [1, None]})
    record_event(actor=None, verb="test.three", data={})
    script = tmp_path / "check.py"
    script.write_text(_script())
    export = _export(tmp_path)
    result = subprocess.run(
        [sys.executable, str(script), str(export)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    head = Event.objects.order_by("-seq").first()
    assert head is not None
    assert f"chain OK, head {head.seq} {head.hash}" in result.stdout

    # And it notices a doctored export.
    export.write_text(export.read_text().replace("test.two", "test.2"))
    result = subprocess.run(
        [sys.executable, str(script), str(export)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "content changed at seq 2" in result.stderr
