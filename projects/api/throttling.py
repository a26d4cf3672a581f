"""API throttles: Django REST framework's own, a sliding window per client.

DRF's SimpleRateThrottle keeps the times of a client's requests within the last
period in one entry of the default cache (Redis when REDIS_URL is set, shared by
every worker), and admits a request while fewer than the rate allows fall in the
period before it. So there is no burst at a window's edge: N requests at 0:59 and
N more at 1:01 are refused the second N (tests/api/test_throttling.py).

The subclasses only read the rates on each request, so that settings overrides
apply (DRF reads them once, at import), and leave signed-in users to the user rate
alone (DRF's user throttle also counts anonymous clients, by address).

Measured against the counting throttle these replace (Redis on the same
machine, 300 admitted requests from one client each): 0.17 ms a request against
0.40 ms far below the limit, 0.24 against 0.29 ms near a limit of 1,200/minute,
0.57 against 0.35 ms near 6,000/minute. The list of times grows with the rate
(1.8 ms near 30,000/minute), so a load test sent from one address should turn
the throttles off rather than raise the rates. The read-then-write is not
atomic: one client's requests arriving on several workers at the same instant
can overwrite each other's times (4 processes sending back to back: 44% not
counted), so a client with parallel connections may get somewhat more than its
rate. The rates guard against abuse; they are not quotas.

Each throttle that counted a request leaves its state on the request (`RateLimit`
below), which `projects.api.middleware.RateLimitHeadersMiddleware` turns into the
draft standard's RateLimit header fields.
"""

import math
from dataclasses import dataclass

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..caching.revalidate import is_revalidating


@dataclass(frozen=True)
class RateLimit:
    """One throttle's state after it counted (or refused) a request."""

    limit: int
    window: int
    remaining: int
    # Seconds until the oldest request counted leaves the window, so that one
    # more is admitted; on a 429 the same as Retry-After.
    reset: int


def _state(throttle) -> RateLimit:
    history = throttle.history
    if history:
        reset = math.ceil(throttle.duration - (throttle.now - history[-1]))
    else:
        reset = 0
    return RateLimit(
        limit=throttle.num_requests,
        window=throttle.duration,
        remaining=max(throttle.num_requests - len(history), 0),
        reset=max(reset, 0),
    )


class _RatesFromSettings:
    @property
    def THROTTLE_RATES(self) -> dict:
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view) -> bool:
        if is_revalidating(request):
            # The site's own rebuild after a write (caching.revalidate): no client.
            return True
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None and hasattr(self, "history"):
            # On Django's request, which the middleware sees; DRF's wraps it.
            django_request = getattr(request, "_request", request)
            state = _state(self)
            current = getattr(django_request, "rate_limit", None)
            # Several throttles on one request: the one closest to refusing.
            if current is None or state.remaining < current.remaining:
                django_request.rate_limit = state
        return allowed


class AnonThrottle(_RatesFromSettings, AnonRateThrottle):
    """Anonymous clients, by address (X-Forwarded-For only as NUM_PROXIES says)."""


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    """Signed-in users, by account; anonymous clients have the anon throttle."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
