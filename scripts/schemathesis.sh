#!/usr/bin/env bash
# Fuzz the live API from its own OpenAPI schema with schemathesis: no 5xx allowed.
#
# Validates the schema (drf-spectacular --validate --fail-on-warn), starts gunicorn
# on a throwaway SQLite database holding the curated fixture (or factory rows when
# the fixture is missing) and an editor's token, so writes are fuzzed too, then runs
# schemathesis with the not_a_server_error check. Exits non-zero on any failure.
#
# Environment: SCHEMATHESIS_PORT (8002), SCHEMATHESIS_MAX_EXAMPLES (15),
# SCHEMATHESIS_CHECKS (not_a_server_error), SCHEMATHESIS_SEED (random),
# SCHEMATHESIS_WORKERS (1: several threads trip a
# CPython 3.11 bug, "AST constructor recursion depth mismatch", in the fuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SCHEMATHESIS_PORT:-8002}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-15}"
WORKERS="${SCHEMATHESIS_WORKERS:-1}"
BIN=.venv/bin
WORK="$(mktemp -d /tmp/cpec-schemathesis.XXXXXX)"
LOG="$WORK/server.log"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A production-like process (no DEBUG) on its own database and a local cache;
# the throttle is raised so that the fuzzer measures errors, not rate limits.
unset DATABASE_URL REDIS_URL
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="schemathesis-only-$(date +%s)-not-a-real-secret"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SQLITE_PATH="$WORK/db.sqlite3"
export DJANGO_MANIFEST_STATIC=false
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECURE_COOKIES=false
export DJANGO_API_ANON_RATE=1000000/minute
export DJANGO_API_USER_RATE=1000000/minute

echo "== schema: drf-spectacular --validate --fail-on-warn"
"$BIN/python" manage.py spectacular --validate --fail-on-warn --file "$WORK/schema.yml"

echo "== database: $DJANGO_SQLITE_PATH"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py load_initial_data -v 0
"$BIN/python" manage.py shell -v 0 -c '
from django.contrib.auth.models import Permission, User

from projects.models import Project
from tests.factories import CitationFactory, MeetingFactory, ProjectFactory

if not Project.objects.exists():
    projects = ProjectFactory.create_batch(5)
    MeetingFactory().projects.set(projects[:3])
    CitationFactory(content_object=projects[0])
user = User.objects.create_user("schemathesis-editor", is_staff=True)
user.user_permissions.set(Permission.objects.filter(content_type__app_label="projects"))
'
# The key alone is on standard output (when it expires goes to standard error).
TOKEN="$("$BIN/python" manage.py create_api_token schemathesis-editor --days 1)"

echo "== server: gunicorn on 127.0.0.1:$PORT"
HOST=127.0.0.1 PORT="$PORT" WEB_CONCURRENCY=2 GUNICORN_LOG_LEVEL=warning \
  "$BIN/gunicorn" cpec_site.wsgi:application >"$LOG" 2>&1 &
SERVER_PID=$!

echo "== schemathesis: $MAX_EXAMPLES examples per operation"
# Several workers would trip the CPython 3.11 bug noted above.
status=0
"$BIN/schemathesis" run "http://127.0.0.1:$PORT/api/schema/" \
  --checks "${SCHEMATHESIS_CHECKS:-not_a_server_error}" \
  --max-examples "$MAX_EXAMPLES" \
  --workers "$WORKERS" \
  --phases examples,coverage,fuzzing \
  --wait-for-schema 30 \
  --request-timeout 20 \
  --header "Authorization: Token $TOKEN" \
  ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"} \
  --no-color || status=$?

# A 5xx the fuzzer missed (a worker crash, say) still shows in the server's log.
if grep -E "Internal Server Error|Traceback" "$LOG" >/dev/null; then
  mkdir -p test-artifacts
  cp "$LOG" test-artifacts/schemathesis-server.log
  echo "The server logged errors (full log: test-artifacts/schemathesis-server.log):" >&2
  grep -E "Internal Server Error|^[A-Za-z_.]+(Error|Exception)\b" "$LOG" \
    | sort | uniq -c | sort -rn | head -n 40 >&2 || true
  status=1
fi
exit "$status"
