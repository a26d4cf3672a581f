"""An item's ETag, and If-Match on writes: a stale edit is a 412, not a lost update.

The ETag of one record is strong and follows its representation (the detail shape,
related summaries included): it changes whenever the record, as the API shows it,
changes. A client sends it back in If-Match with PUT, PATCH or DELETE; if the
record has changed since, the write is refused with 412 Precondition Failed.
If-Match is optional (428 is not required). The weak ETags of the lists and
pages come from the data version (projects.caching.middleware).
"""

import hashlib
import json

from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags, patch_cache_control
from rest_framework import exceptions, status
from rest_framework.utils.encoders import JSONEncoder

from ..caching.middleware import etag_matches


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record has changed since you read it: read it again (its ETag) and "
        "resend your change."
    )
    default_code = "precondition_failed"


def item_etag(data) -> str:
    """A strong validator for one record's representation."""
    text = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=True)
    return '"' + hashlib.blake2b(text.encode(), digest_size=16).hexdigest() + '"'


def check_if_match(request, current_etag) -> None:
    """412 unless If-Match is absent, * or names the current ETag (strongly:
    a weak validator never matches, as RFC 9110 says for If-Match)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    if current_etag() not in parse_etags(header):
        raise PreconditionFailed()


def not_modified(request, etag: str):
    """A 304 when If-None-Match names this ETag (weakly), else None."""
    header = request.headers.get("If-None-Match")
    if header and etag_matches(header, etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        return response
    return None
