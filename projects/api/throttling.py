"""Throttles that count in the shared cache, at a constant cost per request.

DRF's own throttles keep every request time of the window in one cache entry,
read and rewritten whole on each request: the cost grows with the rate, and two
workers can overwrite each other's writes. These count instead: a window opens
at a client's first request, and an atomic increment counts requests within it
(Redis when REDIS_URL is set, shared by every worker and machine). Rates are read
per request, so settings overrides apply.
"""

import time

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class CountingThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = time.time()
        opened = self.cache.get_or_set(f"{self.key}:opened", now, self.duration)
        self.window_ends = opened + self.duration
        counter = f"{self.key}:{opened:.6f}"
        self.cache.add(counter, 0, self.duration + 1)
        try:
            count = self.cache.incr(counter)
        except ValueError:
            # The counter expired between add() and incr().
            self.cache.set(counter, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - time.time(), 1)


class AnonThrottle(CountingThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class UserThrottle(CountingThrottle):
    """Signed-in users, by account; anonymous clients have the anon throttle."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
