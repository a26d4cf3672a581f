"""The API's language: ?lang= or Accept-Language, never a prefix in its address.

The site's pages carry their language in the path (/ur/, /zh-hans/); the API's
addresses stay the same in every language, and only its labels and messages
follow the client's choice. Field names and values never change.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .middleware import API_PREFIX

LANG_PARAM = "lang"


def supported_language(code: str) -> str | None:
    """The site's language named exactly (any case), as refuse_unknown checks it."""
    code = code.strip().lower()
    return code if code in language_codes() else None


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def api_language(request) -> str:
    """?lang= when it names one of the site's languages, else Accept-Language."""
    chosen = supported_language(request.GET.get(LANG_PARAM, ""))
    if chosen:
        return chosen
    return translation.get_language_from_request(request)


class APILanguageMiddleware:
    """Activates the API's language after LocaleMiddleware, which gives every
    unprefixed address the default one; before the conditional GET, whose
    validators and stored answers are per language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers["Content-Language"] = language
        return response
