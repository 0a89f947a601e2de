"""Settings, read from the environment (see .env.example). They fail fast: a missing
secret in production stops the process with a message naming the variable."""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets Django's generic classes be subscripted at runtime (ModelAdmin[Area], ...).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (written by `make run`; ENV_FILE names another) fills in what the
# real environment does not set.
_env_file = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if _env_file.is_file():
    env.read_env(_env_file, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, the service still shows its own 404, 400 and 500 pages (a first run
# shows people the product, not a list of every URL); developers who want Django's
# technical pages with tracebacks set DEBUG_ERROR_PAGES=true as well.
DEBUG_ERROR_PAGES = env.bool("DEBUG_ERROR_PAGES", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required when DEBUG is off. "
            "Set SECRET_KEY to a long random value (see .env.example), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names the service answers to; '*' is refused."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where people reach the service; used for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SITE_URL environment variable is required when DEBUG is off: the address "
            "people reach the service at, e.g. https://agreements.example.org. Links in "
            "e-mails are built from it."
        )
    SITE_URL = f"http://127.0.0.1:{env.int('PORT', default=8000)}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "audit",
    "documents",
    "partners",
    "notifications",
    "gateways",
    "agreements",
    "register",
]

MIDDLEWARE = [
    "datasharing.errors.ServiceErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partners.middleware.NoStoreMiddleware",
    "partners.middleware.RefuseBadInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "datasharing.urls"
WSGI_APPLICATION = "datasharing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partners.context_processors.navigation",
            ],
        },
    },
]

# The embedded default is a SQLite file, so a first run needs nothing installed.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# With persistent connections, check each one before a request uses it, so a database
# restart does not leave stale connections behind.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL and immediate transactions let the web process and in-process tasks
            # write without "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partners.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How the audit ledger describes an actor (name, organisation and role in an area)
# without importing the partners app.
AUDIT_ACTOR_DESCRIBER = "partners.actors.describe_actor"
# How partners, below the outbox's app, owes e-mails (see partners/outbox.py).
OUTBOX_ENQUEUE = "notifications.outbox.enqueue"

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "partners:dashboard"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Password-reset and invitation links work for a day: long enough for an invitation sent
# in the evening to be used next morning.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Reverse proxies in front of the service that append the client's address to
# X-Forwarded-For (an nginx or load balancer each count one). Sign-in pauses and rate
# limits count per client address as seen through them (partners.clients); with 0 the
# header is ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Whether the proxy sets X-Request-ID (replacing any a client sent), so the ledger and
# the proxy's logs share request ids; otherwise the service makes its own.
TRUST_REQUEST_ID_HEADER = env.bool("TRUST_REQUEST_ID_HEADER", default=False)

# Repeated failed sign-ins (django-axes): after AXES_FAILURE_LIMIT failures for one
# e-mail address from one client address, sign-in with that address from there is
# refused for the cool-off period. Others (and the same person elsewhere) sign in as
# usual, attempts during a pause do not prolong it, and setting a new password through
# a reset link lifts it. The client address is partners.clients' (django-axes's own
# proxy settings go through django-ipware, whose proxy count wants the header to hold
# one more entry than there are proxies and otherwise finds no address at all).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "partners.clients.client_address"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The sign-in form posts the e-mail address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# E-mail addresses are not case-sensitive, so neither is the count of failures.
AXES_USERNAME_CALLABLE = "partners.forms.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Password-reset requests (django-ratelimit, counted in the cache): per e-mail address,
# so nobody's inbox is flooded, and per client address, so nobody probes many. Past the
# first the page looks the same and nothing is sent; past the second it says to wait.
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/h")
PASSWORD_RESET_RATE_PER_CLIENT = env.str("PASSWORD_RESET_RATE_PER_CLIENT", default="20/h")
RATELIMIT_IP_META_KEY = "partners.clients.client_address"
# A cache that does not answer lets requests through (see partners.limits).
RATELIMIT_FAIL_OPEN = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates read "1 December 2027" everywhere (datasharing/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["datasharing.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files (sealed PDFs, exports) go through Django's storage API:
# files under MEDIA_ROOT by default, or an S3-compatible bucket when MEDIA_S3_BUCKET is
# set (django-storages; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or
# the machine's role). Nothing there is public: downloads go through views that check
# who may have them, and the bucket's links are signed and expire.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
_default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "location": env.str("MEDIA_S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            # A sealed PDF is never replaced by another file of the same name.
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# The certificate that seals PDFs (documents/certificates.py). `manage.py
# create_signing_cert` makes a self-signed one here for development and demonstration;
# production points these at the deployment's own key and certificate.
SIGNING_DIR = Path(env.str("SIGNING_DIR", default="") or BASE_DIR / "var" / "signing")


def _signing_file(name: str, default: str) -> str:
    return env.str(name, default="") or str(SIGNING_DIR / default)


SIGNING_KEY_PATH = _signing_file("SIGNING_KEY_PATH", "signing-key.pem")
SIGNING_CERT_PATH = _signing_file("SIGNING_CERT_PATH", "signing-cert.pem")
SIGNING_ROOT_CERT_PATH = _signing_file("SIGNING_ROOT_CERT_PATH", "root-cert.pem")
SIGNING_ROOT_KEY_PATH = _signing_file("SIGNING_ROOT_KEY_PATH", "root-key.pem")
SIGNING_KEY_PASSPHRASE = env.str("SIGNING_KEY_PASSPHRASE", default="")
# An RFC 3161 time-stamp server, e.g. https://timestamp.example.org; empty for none.
SIGNING_TSA_URL = env.str("SIGNING_TSA_URL", default="")
# Its root certificate (PEM), so that checking a PDF relies on the server's time.
SIGNING_TSA_ROOT_CERT_PATH = env.str("SIGNING_TSA_ROOT_CERT_PATH", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail: printed to the console unless EMAIL_URL names a server
# (smtp+tls://user:password@host:587). Django 6.1's MAILERS replaces the EMAIL_* settings.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_mailer: dict[str, object] = {"BACKEND": _email["EMAIL_BACKEND"]}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _mailer["OPTIONS"] = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": 20,
    }
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _mailer["OPTIONS"] = {"file_path": _email.get("EMAIL_FILE_PATH")}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Data-sharing agreements <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The key of the keyed hash (HMAC-SHA256) that stands for a member of the public's e-mail
# address once it is deleted: it keeps the public's views to one per address per version
# and is all the ledger holds. By default derived from SECRET_KEY; set it on its own to
# rotate SECRET_KEY without letting addresses that have given a view give another.
PUBLIC_EMAIL_HASH_KEY = env.str("PUBLIC_EMAIL_HASH_KEY", default="") or SECRET_KEY

# Celery. Without REDIS_URL, tasks run in-process as soon as they are sent, so a first
# run needs no broker; with it, a worker (and beat) consume from Redis.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker process is replaced after a task leaves it using more than this (kilobytes):
# rendering a long PDF grows a process, and Python rarely gives the memory back.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
# A request never waits long on the broker: connecting and each reply time out after
# BROKER_TIMEOUT_SECONDS, and a failed publish is not retried (the outbox's scheduled
# relay sends what the request could not). Workers' polls answer within a second, so
# the socket timeout stays above that.
BROKER_TIMEOUT = env.float("BROKER_TIMEOUT_SECONDS", default=1.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT,
    "socket_timeout": max(BROKER_TIMEOUT, 1.5),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "visibility_timeout": 3600,
}
if REDIS_URL:
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": BROKER_TIMEOUT,
        "socket_timeout": BROKER_TIMEOUT,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The outbox relay: e-mails and jobs the requests that owed them could not hand
    # to a worker at once (the broker was down), and retries that are due.
    "relay-outbox": {
        "task": "notifications.tasks.relay_outbox_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # PDFs whose job was lost on the way (see agreements.tasks): sent to a worker again.
    "render-documents-left-behind": {
        "task": "agreements.tasks.render_documents_left_behind_task",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    "lapse-overdue-agreements": {
        "task": "agreements.tasks.lapse_overdue_agreements_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "purge-unconfirmed-public-views": {
        "task": "agreements.tasks.purge_unconfirmed_public_views_task",
        "schedule": crontab(minute=40),
    },
    "review-reminders": {
        "task": "agreements.tasks.send_review_reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    "daily-digests": {
        "task": "notifications.tasks.send_daily_digests_task",
        "schedule": crontab(hour=7, minute=0),
    },
}

# Security. The production defaults hold whenever DEBUG is off; each can be relaxed
# from the environment (the test suite does so for plain-HTTP test servers).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
CSRF_FAILURE_VIEW = "datasharing.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
        # WeasyPrint reports each step of every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
