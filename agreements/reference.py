"""Reference data of the agreements app: the questions of the trade-off assessment, from
agreements/data/assessment_questions.json. Loaded by migration (and again by the test
suite after it empties the database); after that, platform admins edit them."""

import json
from pathlib import Path
from typing import Any

QUESTIONS = Path(__file__).resolve().parent / "data" / "assessment_questions.json"


def load_assessment_questions(apps: Any) -> int:
    """Add each question not yet present, by code; questions already there are left as
    admins have edited them. ``apps`` is a migration's app registry or
    ``django.apps.apps``. Returns how many were added."""
    question = apps.get_model("agreements", "AssessmentQuestion")
    added = 0
    for row in json.loads(QUESTIONS.read_text(encoding="utf-8")):
        code = row.pop("code")
        _, created = question.objects.get_or_create(code=code, defaults=row)
        added += created
    return added
