"""Redis as an optimisation: a cache that keeps answering when Redis does not.

`FallbackRedisCache` is django-redis's cache with short socket timeouts (set in
the settings) and a circuit breaker. When a call to Redis fails to connect or
times out, it logs one warning, answers from a cache of this process's own (a
LocMemCache) and leaves Redis alone for RETRY_SECONDS; the first call after that
tries Redis again. A dead or blackholed Redis then costs one timeout per process
every RETRY_SECONDS, not one per call, and pages, the API and its throttles keep
working on per-process state: throttles count per worker and cached pages are
rebuilt per worker until Redis is back. Every key holds the data version, so
neither cache can serve an entry from before a write.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable Redis raises: refused, reset, unresolvable or timed out.
FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)

# The cache's calls that fall back; every other one goes to Redis as it is.
FALLING_BACK = (
    "get",
    "set",
    "add",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "touch",
)


class Breaker:
    """Open for `seconds` after a failure; closed (Redis is tried) otherwise."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._until = 0.0
        self._lock = threading.Lock()
        self.tripped = False

    def closed(self) -> bool:
        return time.monotonic() >= self._until

    def trip(self) -> bool:
        """Open the breaker; True when it was not already tripped (worth a log)."""
        with self._lock:
            self._until = time.monotonic() + self.seconds
            first, self.tripped = not self.tripped, True
        return first

    def reset(self) -> bool:
        """Close it after a success; True when it had been tripped."""
        with self._lock:
            was, self.tripped = self.tripped, False
        return was


def _falls_back(name: str):
    redis_call = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        if self.breaker.closed():
            try:
                result = redis_call(self, *args, **kwargs)
            except FAILURES as error:
                self._failed(error)
            else:
                self._answered()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"RedisCache.{name}, or this process's cache while Redis is down."
    return call


class FallbackRedisCache(RedisCache):
    """django-redis's cache, falling back to a per-process cache (see the module)."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = float(options.pop("RETRY_SECONDS", 10))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.breaker = Breaker(retry_seconds)
        self.fallback = LocMemCache(
            f"redis-fallback-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 2000},
            },
        )

    def clear(self):
        self.fallback.clear()
        if self.breaker.closed():
            try:
                super().clear()
            except FAILURES as error:
                self._failed(error)

    def healthy(self) -> bool:
        """Whether Redis answers a PING; False at once while the breaker is open."""
        if not self.breaker.closed():
            return False
        try:
            self.client.get_client().ping()
        except FAILURES as error:
            self._failed(error)
            return False
        self._answered()
        return True

    def _failed(self, error: BaseException) -> None:
        if self.breaker.trip():
            logger.warning(
                "Redis is unavailable (%s: %s); this process uses its own cache "
                "and tries Redis again every %g s",
                type(error).__name__,
                error,
                self.breaker.seconds,
            )

    def _answered(self) -> None:
        if self.breaker.tripped and self.breaker.reset():
            logger.warning("Redis answers again; the shared cache is back in use")


for _name in FALLING_BACK:
    setattr(FallbackRedisCache, _name, _falls_back(_name))
