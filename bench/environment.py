"""The settings a benchmark process runs with, whether started by bench/run.py or alone."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare() -> None:
    """Default the environment for a benchmark (a throwaway SQLite database unless
    DATABASE_URL says otherwise) and set Django up."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datasharing.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("ENV_FILE", os.devnull)
    # The fixtures notify people as the services do; nobody is sent anything.
    os.environ.setdefault("EMAIL_URL", "dummymail://")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    # WhiteNoise looks for collected static files, which the benchmarks do not need.
    warnings.filterwarnings("ignore", message="No directory at")

    import django

    django.setup()
