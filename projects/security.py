"""Sign-in lockout hooks for django-axes: client address, user name, the 429 page."""

import unicodedata

from django.conf import settings
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


def normalised_username(request, credentials) -> str:
    """The user name as one account: NFKC-normalised, trimmed and case-folded."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return unicodedata.normalize("NFKC", str(raw)).strip().casefold()[:150]


def lockout_response(request, original_response=None, credentials=None):
    """The site's own 429 page, saying how long to wait."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
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
