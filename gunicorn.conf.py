"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(
    os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9))
)
# Sync workers: one request at a time per process, and a request that outlives
# the timeout below is ended with its worker (the fault drills rely on it).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A request never holds a worker longer than this; the database statement timeout
# (5 s) and connect timeout (3 s) keep well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (a guard against slow leaks),
# and starts with empty per-process copies (caching/store.py). At 2,000 a worker
# serving a kept record was replaced every second or two under load, which cost
# a fifth of its throughput (bench/RESULTS.md, "Peer").
max_requests = 20000
max_requests_jitter = 2000
# Workers fork from a master that has already imported the app, so one replaced
# after max_requests serves at once instead of spending a second importing
# Django and hashing the code for RELEASE; they also share that memory.
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Each worker hears of a new data version as it is committed, and copies the
    answers a rebuild kept ahead of its readers (projects/caching/watch.py).
    Nothing for an app other than the site (bench/baseline_wsgi.py)."""
    from django.apps import apps

    if not apps.ready:
        return
    from projects.caching import watch

    watch.start()
