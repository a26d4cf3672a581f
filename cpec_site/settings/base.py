"""Settings for CPEC Tracker, driven by environment variables.

Every value that differs between a laptop and production comes from the environment,
parsed to a real type. See `.env.example` for the full list. This module is what
production runs; `cpec_site.settings.test` adds the suite's throwaway values.

The variables are read by dj-database-url and the three short helpers below rather
than by django-environ. Measured with django-environ 0.14.0, each of these changes
what a deployment gets: `DJANGO_DEBUG=maybe` reads as False without a word, where we
refuse it; an empty line such as `DJANGO_SECURE_COOKIES=` in an .env file reads as
False (secure cookies off), where an empty value keeps the default here; `env.list`
keeps the spaces of "cpec.example.org, localhost", so " localhost" would not match;
`env.int` fails with a bare ValueError that does not name the variable; and a value
that starts with `$` is taken as the name of another variable, so a secret key that
starts with `$` (Django's generator can make one) silently becomes "".
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)

INSECURE_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = INSECURE_KEY

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, whose autodiscovery must see the translated fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # API tokens: only a digest is stored, and each expires (settings/api.py).
    "knox",
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "dbbackup",
    "projects",
]

MIDDLEWARE = [
    # A repeat of a public read kept below is answered here, finished (the
    # security headers included), after one query at most, its throttles
    # counting (caching/front.py); static files and the rest pass through.
    "projects.caching.front.FrontAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The API's conventions (projects/api/middleware.py): CORS for reads, gzip for
    # its JSON, CSV and GeoJSON, RateLimit fields. Above the conditional GET, so
    # they apply to its 304s and stored pages, and it keys and stores the
    # uncompressed body. Its ETags are weak, so a gzipped answer keeps them; an
    # answer with a strong ETag (a record's, for If-Match) is not compressed.
    "projects.api.middleware.APICorsMiddleware",
    "projects.api.middleware.APICompressionMiddleware",
    # gzip for public pages that hold no secret (projects/site/compression.py).
    "projects.site.compression.PageCompressionMiddleware",
    "projects.api.middleware.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address (/ur/, /zh-hans/; English has none), then the
    # API's from ?lang= or Accept-Language. Both before the conditional GET: the
    # language is part of every ETag and stored page. Before CommonMiddleware, so
    # its added slash is found under the address's language.
    "django.middleware.locale.LocaleMiddleware",
    "projects.api.language.APILanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, auth and rendering: a repeat request answered 304 skips them.
    "projects.caching.middleware.DataVersionETagMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in while its account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cpec_site.urls"
WSGI_APPLICATION = "cpec_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.site.context_processors.synthetic_notice",
                "projects.site.context_processors.last_update",
            ],
            # {% translated record "name" %} on every page, without a load tag.
            "builtins": ["projects.templatetags.translated"],
        },
    },
]

# SQLite file by default; PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault(
            "connect_timeout", env_int("DJANGO_DB_CONNECT_TIMEOUT", 3)
        )
        # A partition must not hold a worker either: idle kept connections
        # (CONN_MAX_AGE) are probed after 5 s and dropped after two unanswered
        # probes 2 s apart, and data the server has not acknowledged for 5 s
        # ends the connection (libpq's tcp_user_timeout, in ms).
        for option, value in {
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 2,
            "tcp_user_timeout": env_int("DJANGO_DB_TCP_USER_TIMEOUT_MS", 5000),
        }.items():
            DATABASES["default"]["OPTIONS"].setdefault(option, value)
        # A runaway query must not hold a worker: the server cancels it.
        DATABASES["default"]["OPTIONS"].setdefault(
            "options",
            f"-c statement_timeout={env_int('DJANGO_DB_STATEMENT_TIMEOUT_MS', 5000)}",
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]

# The admin's export (django-import-export). Its own escaping only drops a leading
# "="; ProjectResource quotes every formula-like cell first (projects.exports.cells),
# and this stays on as a second guard for any other resource.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# The admin's CSV import (projects/imports). A file over IMPORT_MAX_BYTES is refused
# as it arrives, before it is stored; one over IMPORT_MAX_ROWS rows on the form.
# Between its preview and its confirm a file waits in IMPORT_TMP_DIR, and is
# removed after the confirm, after a refused preview, or once IMPORT_STALE_SECONDS
# old. A file over IMPORT_BACKGROUND_ROWS rows is previewed and imported in a
# background thread (ImportJob) with a progress page: a preview costs 11 to 17 ms a
# row on PostgreSQL (bench/import_preview.py), so 200 rows take 2 to 4 s in the
# request. DJANGO_IMPORT_RUN_INLINE runs that work in the request instead (tests).
IMPORT_MAX_BYTES = env_int("DJANGO_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("DJANGO_IMPORT_MAX_ROWS", 5_000)
IMPORT_BACKGROUND_ROWS = env_int("DJANGO_IMPORT_BACKGROUND_ROWS", 200)
IMPORT_STALE_SECONDS = env_int("DJANGO_IMPORT_STALE_SECONDS", 3_600)
IMPORT_TMP_DIR = Path(
    os.environ.get("DJANGO_IMPORT_TMP_DIR")
    or Path(tempfile.gettempdir()) / "cpec-tracker-imports"
)
IMPORT_RUN_INLINE = env_bool("DJANGO_IMPORT_RUN_INLINE", default=False)
IMPORT_EXPORT_TMP_STORAGE_CLASS = "projects.imports.storage.ImportFileStorage"
FILE_UPLOAD_HANDLERS = [
    "projects.imports.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Django's defaults, stated: fields other than files up to 2.5 MB a request; a
# file over 2.5 MB goes to a temporary file (removed after the request), not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# British English, unprefixed, with the ISO dates of cpec_site/formats/en; Urdu and
# Simplified Chinese under /ur/ and /zh-hans/ (cpec_site/urls.py). The catalogues
# are in locale/, compiled by `make install` (compilemessages).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("ur", "اردو"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ISO 8601 dates (YYYY-MM-DD) in the admin's inputs and default displays.
FORMAT_MODULE_PATH = ["cpec_site.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Database dumps (django-dbbackup: `manage.py dbbackup`, `dbrestore`), 0600 files
    # in a 0700 folder.
    "dbbackup": {
        "BACKEND": "cpec_site.storages.OwnerOnlyStorage",
        "OPTIONS": {
            "location": os.environ.get("DJANGO_BACKUP_DIR", "").strip()
            or str(BASE_DIR / "backups"),
        },
    },
}

# Backups are named cpec-<local time>.<extension>: .dump, a pg_dump custom-format
# archive restored by pg_restore --clean --if-exists --single-transaction
# (PostgreSQL); .sqlite3, an online copy made with SQLite's backup API (SQLite).
DBBACKUP_FILENAME_TEMPLATE = "cpec-{datetime}.{extension}"
DBBACKUP_DATE_FORMAT = "%Y%m%dT%H%M%S"
DBBACKUP_CONNECTORS = (
    {
        "default": {
            "EXTENSION": "dump",
            # Restorable by another role than the one that made the dump.
            "PG_OPTIONS": "--no-owner",
            "ENV": {"PGCONNECT_TIMEOUT": "5"},
        }
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else {}
)


def code_fingerprint() -> str:
    """A digest of the templates, the app's code and the static files."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    for folder, pattern in (("templates", "**/*.html"), ("projects", "**/*.py")):
        for path in sorted((BASE_DIR / folder).glob(pattern)):
            digest.update(str(path.relative_to(BASE_DIR)).encode())
            digest.update(path.read_bytes())
    for path in sorted((BASE_DIR / "static").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# Part of every ETag, so a deploy that changes pages invalidates what clients hold;
# without DJANGO_RELEASE, the code itself says when it changed.
RELEASE = os.environ.get("DJANGO_RELEASE", "").strip() or code_fingerprint()

# A shared cache (Redis) in production; a local one by default.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a per-process cache while Redis is down or does not
            # answer (projects/caching/fallback.py): Redis speeds the site up, it
            # does not keep it up. Redis answers in a millisecond; a call that
            # takes half a second is treated as a failure.
            "BACKEND": "projects.caching.fallback.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                # After a failure, seconds before Redis is tried again.
                "RETRY_SECONDS": env_int("DJANGO_CACHE_RETRY_SECONDS", 10),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cpec-tracker",
        }
    }

# After a write, public reads are answered from the previous version's kept
# answers while a background thread rebuilds them (projects/caching/revalidate.py),
# for at most this many seconds; 0 serves every read from the latest data at once.
DATA_STALE_SECONDS = env_int("DJANGO_DATA_STALE_SECONDS", 60)
# How many recently asked-for answers that rebuild replays.
DATA_REVALIDATE_ANSWERS = env_int("DJANGO_DATA_REVALIDATE_ANSWERS", 200)

# The API: DRF, its schema and CORS (cpec_site/settings/api.py).
from .api import *  # noqa: E402, F403
from .content import *  # noqa: E402, F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The backup commands print their own progress to stderr; once is enough.
        "dbbackup": {"propagate": False},
    },
}

SIMPLE_HISTORY_REVERT_DISABLED = False

# Security. HTTPS is terminated by a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere; plotly.js injects <style> elements, hence the
# 'unsafe-inline' on styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Where the bulk files (projects.exports.builds) and kept list exports are written.
BULK_DATA_ROOT = os.environ.get("DJANGO_BULK_DATA_ROOT") or BASE_DIR / "bulkdata"
# List exports (projects.exports.listing): exports built on request at once, per
# client and across the site (beyond them a 429 or 503 with Retry-After), and how
# many kept files one data version may have.
# One export built at a time per two cores: a build takes a core and a database
# connection for its whole length.
EXPORT_SLOTS = env_int("DJANGO_EXPORT_SLOTS", max(1, (os.cpu_count() or 2) // 2))
EXPORT_SLOTS_PER_CLIENT = env_int("DJANGO_EXPORT_SLOTS_PER_CLIENT", 1)
EXPORT_RETRY_SECONDS = 5
EXPORT_FILES_PER_VERSION = 32

# How many proxies in front of the app append to X-Forwarded-For (1 behind one
# proxy); the client address is read that many hops from the right.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)

# Sign-in lockout (django-axes): failed sign-ins allowed per account, whatever the
# address, and per address, whatever the account, before a pause. Attempts are kept
# in the database (admin: Axes), user names compared after normalising, so that
# "Root", "root " and "ｒｏｏｔ" share one counter.
LOGIN_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("DJANGO_LOGIN_FAILURE_WINDOW", 900)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_FAILURE_WINDOW_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "projects.security.normalised_username"
AXES_CLIENT_IP_CALLABLE = "projects.security.client_address"
AXES_LOCKOUT_CALLABLE = "projects.security.lockout_response"
AXES_VERBOSE = False
