"""The floor of the server: a bare WSGI app that returns precomputed bytes."""

import os
from pathlib import Path

BODY = Path(os.environ.get("BASELINE_BODY", "/dev/null")).read_bytes() or b"{}"
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
