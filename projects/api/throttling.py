"""Throttles whose rates are read per request, so settings overrides apply.

DRF's own classes copy the rates once, at import. The counts live in the default
cache: Redis when REDIS_URL is set, shared by every worker and machine.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
