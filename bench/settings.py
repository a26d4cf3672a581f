"""Production settings plus the benchmark's baselines and a query counter."""

from cpec_site.settings.base import *  # noqa: F403
from cpec_site.settings.base import MIDDLEWARE, REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# One address sends every request, so the API's throttles would turn the run into
# a test of the throttle: DRF's keeps a list of each client's request times, which
# at the bench's rates grows to tens of thousands of entries.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
