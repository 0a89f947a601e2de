"""Settings come from the environment and fail fast. Each case starts a fresh process,
because settings are read once at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "q8v!Jz3#pX7mK2@wR9tL4nB6yH1cF5gD0sA8eU2iO7pM3kQ9vZ",
    "ALLOWED_HOSTS": "agreements.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "SITE_URL": "https://agreements.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Start from a clean environment so the test suite's own settings do not leak in.
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    base["PYTHONPATH"] = str(ROOT)
    # A developer's .env must not fill in what a case leaves out on purpose.
    base["ENV_FILE"] = os.devnull
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_with_debug_off_refuses_to_start() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required when DEBUG is off" in result.stderr


def test_a_wildcard_allowed_host_is_refused() -> None:
    result = manage("check", env={**PRODUCTION, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "'*' is refused" in result.stderr


def test_debug_without_a_secret_key_runs_for_local_development() -> None:
    result = manage("check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_missing_site_url_with_debug_off_refuses_to_start() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL environment variable is required when DEBUG is off" in result.stderr
