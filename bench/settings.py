"""Production settings plus the benchmark's baselines and a query counter."""

from cpec_site.settings.base import *  # noqa: F403
from cpec_site.settings.base import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
