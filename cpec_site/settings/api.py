"""The API's settings: Django REST framework, drf-spectacular and CORS."""

import datetime
import os

from django.core.exceptions import ImproperlyConfigured

from .env import env_int

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # ?format= wins over the Accept header; otherwise Accept by q-value.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": (
        "projects.api.negotiation.FormatFirstNegotiation"
    ),
    # OPTIONS lists a list's exports (CSV, GeoJSON) among what it renders.
    "DEFAULT_METADATA_CLASS": "projects.api.metadata.FormatsMetadata",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "projects.api.pagination.StandardPagination",
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    # The token first: DRF answers a refused or missing credential with the first
    # class's challenge, so a bad token or a write without one is a 401 with
    # `WWW-Authenticate: Token`; a session's missing CSRF token is still a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "projects.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # DRF's, with every format a view renders in its format menu.
        "projects.api.renderers.BrowsableAPIRenderer",
    ],
    # A body nested too deeply is a 400, not a 500 (one too large: a 413,
    # projects.api.exceptions).
    "DEFAULT_PARSER_CLASSES": [
        "projects.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "projects.api.exceptions.exception_handler",
    # Costs and coordinates are JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    # ASCII JSON: an error that echoes a lone surrogate from a request body can
    # still be encoded, instead of failing as a 500.
    "UNICODE_JSON": False,
    # Counted in the default cache (Redis when REDIS_URL is set, shared by workers).
    "DEFAULT_THROTTLE_CLASSES": [
        "projects.api.throttling.AnonThrottle",
        "projects.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "1200/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "6000/minute"),
    },
    # Without it DRF trusts every X-Forwarded-For entry, which a client can forge;
    # with N proxies the address is read N hops from the right.
    "NUM_PROXIES": env_int("DJANGO_NUM_PROXIES", 0),
}

# API tokens (django-rest-knox): the database keeps a SHA-512 digest of each, never
# the token, and each expires. `manage.py create_api_token` issues them (there is no
# sign-in endpoint that trades a password for a token) and keeps to the limit per user.
API_TOKEN_TTL_DAYS = env_int("DJANGO_API_TOKEN_TTL_DAYS", 90)
API_TOKEN_MAX_DAYS = 365
if not 1 <= API_TOKEN_TTL_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured(
        f"DJANGO_API_TOKEN_TTL_DAYS must be from 1 to {API_TOKEN_MAX_DAYS}, "
        f"got {API_TOKEN_TTL_DAYS}"
    )
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_TTL_DAYS),
    # A token's expiry is fixed when it is issued; using it does not extend it.
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": env_int("DJANGO_API_TOKEN_LIMIT", 5),
    "AUTH_HEADER_PREFIX": "Token",
}

# CORS (django-cors-headers): any origin may read the public API, never with
# credentials (no cookies: the answer is what an anonymous client gets). Writes
# stay same-origin: projects.api.middleware.APICorsMiddleware gives no CORS
# headers to any method but these.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Request headers a read may carry beyond the safelisted ones: revalidation.
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Content-Disposition",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
CORS_PREFLIGHT_MAX_AGE = 86400

SPECTACULAR_SETTINGS = {
    "TITLE": "CPEC Tracker API",
    "DESCRIPTION": (
        "Projects, phases, sectors, meetings, sources and indicators of the "
        "China-Pakistan Economic Corridor, every figure with its source."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links: Swagger UI draws each one as a link inside the
    # operation's button, a control inside a control (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "projects.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "projects.choices.Status",
        "ProvinceEnum": "projects.choices.Province",
        "MeetingKindEnum": "projects.choices.MeetingKind",
        "CapacityUnitEnum": "projects.choices.CapacityUnit",
        "DatePrecisionEnum": "projects.choices.DatePrecision",
        "SourceKindEnum": "projects.choices.SourceKind",
    },
}
