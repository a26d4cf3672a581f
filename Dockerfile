# syntax=docker/dockerfile:1
FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Runtime dependencies only, pinned by the lock file.
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock

# gettext's msgfmt compiles the interface's catalogues (locale/*.po).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

COPY . .

# The translations are compiled from the committed catalogues, never copied stale.
RUN DJANGO_SECRET_KEY=compilemessages-only DJANGO_DEBUG=false \
    python manage.py compilemessages --ignore=node_modules

# Static files are collected (hashed and compressed) at build time.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_DEBUG=false \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --home /app cpec && chown -R cpec /app
USER cpec

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"
CMD ["bin/start-web"]
