"""Brute-force protection for the admin login."""

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string


def client_address(request) -> str:
    """The client address, trusting X-Forwarded-For only as far as our proxies."""
    proxies = getattr(settings, "NUM_PROXIES", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def _keys(request) -> list[str]:
    address = client_address(request)
    username = request.POST.get("username", "")[:150].lower()
    # One counter per address and user name, and a wider one per address that
    # stops spraying many user names from one place.
    return [f"login-fail:{address}:{username}", f"login-fail:{address}"]


def throttled_login(request, extra_context=None):
    """admin.site.login, refusing further tries after too many failures."""
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    limit = settings.LOGIN_FAILURE_LIMIT
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    user_key, address_key = _keys(request)
    if (cache.get(user_key, 0) >= limit) or (cache.get(address_key, 0) >= limit * 4):
        minutes = max(1, window // 60)
        body = render_to_string(
            "429.html",
            {
                "message": f"Too many failed sign-in attempts. Try again in {minutes} "
                "minutes."
            },
        )
        response = HttpResponse(body, status=429)
        response["Retry-After"] = str(window)
        return response
    response = admin.site.login(request, extra_context)
    if request.user.is_authenticated and request.user.is_staff:
        cache.delete(user_key)
    elif response.status_code == 200:
        # The form came back: the credentials were refused.
        for key in (user_key, address_key):
            cache.add(key, 0, window)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, window)
    return response
