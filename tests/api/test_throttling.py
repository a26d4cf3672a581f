"""Throttling: DRF's sliding-window throttles, per address and per account."""

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db


def _rates(anon="2/minute", user="100/minute", proxies=0):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
            "NUM_PROXIES": proxies,
        }
    )


# The start of a minute on the clock, as a fixed window would count it.
MINUTE = 60 * 29_000_000


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, in seconds, set by the test."""
    now = [float(MINUTE)]
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def _codes(api, n):
    return [api.get("/api/sectors/").status_code for _ in range(n)]


def test_anonymous_clients_are_throttled(api, clock):
    with _rates():
        assert _codes(api, 2) == [200, 200]
        response = api.get("/api/sectors/")
        assert response.status_code == 429
        # Until the first of the two requests leaves the window.
        assert response["Retry-After"] == "60"
        clock[0] += 45
        assert api.get("/api/sectors/")["Retry-After"] == "15"


def test_the_throttle_window_reopens_after_its_duration(api, clock):
    with _rates():
        codes = _codes(api, 3)
        clock[0] += 30
        codes += _codes(api, 1)
        clock[0] += 31
        codes += _codes(api, 1)
    assert codes == [200, 200, 429, 429, 200]


def test_the_throttle_holds_at_a_window_boundary(api, clock):
    """N requests at 0:59 and N at 1:01 are N in two seconds, not 2N.

    A window fixed to the clock's minutes would start counting afresh at 1:00
    and let the second N through; DRF's throttle counts the last 60 seconds.
    """
    with _rates(anon="3/minute"):
        clock[0] = MINUTE + 59
        assert _codes(api, 3) == [200, 200, 200]
        clock[0] = MINUTE + 61
        assert _codes(api, 3) == [429, 429, 429]
        # 60 seconds after the first three, they have left the window.
        clock[0] = MINUTE + 59 + 60
        assert _codes(api, 4) == [200, 200, 200, 429]


def test_a_window_opened_by_an_early_request_does_not_reopen_in_full(api, clock):
    """One request at 0:00 and two at 0:59: at 1:01 only the first has left.

    A window opened by the first request and counted afresh when it ends would
    let three more through at 1:01, five in two seconds.
    """
    with _rates(anon="3/minute"):
        assert _codes(api, 1) == [200]
        clock[0] = MINUTE + 59
        assert _codes(api, 2) == [200, 200]
        clock[0] = MINUTE + 61
        assert _codes(api, 3) == [200, 429, 429]


def test_a_forged_forwarded_address_does_not_escape_the_throttle(api):
    with _rates():
        codes = [
            api.get("/api/sectors/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            for n in range(3)
        ]
    assert codes == [200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(api):
    with _rates(proxies=1):
        # The proxy appends the real address; what the client sent comes before.
        first = [
            api.get("/api/sectors/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 1.2.3.4")
            for n in range(3)
        ]
        other = api.get("/api/sectors/", HTTP_X_FORWARDED_FOR="6.6.6.1, 5.6.7.8")
    assert [r.status_code for r in first] == [200, 200, 429]
    assert other.status_code == 200


def test_authenticated_users_have_their_own_rate(reader):
    client = token_client(reader)
    with _rates(anon="1/minute", user="3/minute"):
        codes = [client.get("/api/sectors/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_anonymous_clients_are_held_to_the_anonymous_rate_alone(api):
    with _rates(anon="3/minute", user="1/minute"):
        assert _codes(api, 4) == [200, 200, 200, 429]
