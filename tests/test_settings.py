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


def _storage(env: dict[str, str]) -> str:
    script = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__module__ + '.' + type(s).__name__); "
        "print(getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''), "
        "getattr(s, 'location', ''), getattr(s, 'file_overwrite', ''), "
        "getattr(s, 'querystring_auth', ''))"
    )
    result = manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_files_are_stored_locally_by_default() -> None:
    assert _storage(PRODUCTION).startswith("django.core.files.storage.filesystem.FileSystemStorage")


def test_files_go_to_an_s3_compatible_bucket_when_one_is_named() -> None:
    output = _storage(
        {
            **PRODUCTION,
            "MEDIA_S3_BUCKET": "agreements-files",
            "MEDIA_S3_ENDPOINT_URL": "https://objects.example.org",
            "MEDIA_S3_PREFIX": "media",
        }
    )
    backend, options = output.splitlines()
    assert backend == "storages.backends.s3.S3Storage"
    # Private, signed links; a stored PDF is never overwritten by another of the same name.
    assert options == "agreements-files https://objects.example.org media False True"


def test_the_signing_certificate_paths_come_from_the_environment() -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SIGNING_KEY_PATH, s.SIGNING_CERT_PATH, s.SIGNING_ROOT_CERT_PATH, "
        "s.SIGNING_TSA_URL)"
    )
    env = {
        **PRODUCTION,
        "SIGNING_KEY_PATH": "/run/secrets/seal.key",
        "SIGNING_CERT_PATH": "/etc/datasharing/seal.pem",
        "SIGNING_ROOT_CERT_PATH": "/etc/datasharing/root.pem",
        "SIGNING_TSA_URL": "https://tsa.example.org",
    }
    result = manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "/run/secrets/seal.key",
        "/etc/datasharing/seal.pem",
        "/etc/datasharing/root.pem",
        "https://tsa.example.org",
    ]
