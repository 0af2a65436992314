#!/usr/bin/env bash
# Starts gunicorn with the production settings (the Production block of .env.example, through
# tools/production_env.sh) over a throwaway SQLite database, as nginx would reach it (the site's
# host name, X-Forwarded-Proto: https), and checks: the login page answers 200; a hashed static
# file is served with a far-future Cache-Control; a body over REQUEST_MAX_BYTES gets 413. Stops
# the server in every case. Used by .ci/run; SMOKE_PORT picks the port (default 8199).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SMOKE_PORT:-8199}"
PY="${SMOKE_PYTHON:-.venv/bin/python}"
GUNICORN="$(dirname "$PY")/gunicorn"
WORK="$(mktemp -d)"
# shellcheck disable=SC2046 # one KEY=VALUE per word
export $(tools/production_env.sh)
export DATABASE_URL="sqlite:///$WORK/smoke.sqlite3" GUNICORN_BIND="127.0.0.1:$PORT"
export GUNICORN_WORKERS=2 IMPORT_STORAGE_DIR="$WORK/imports" MEDIA_ROOT="$WORK/media"
HOST="${ALLOWED_HOSTS%%,*}"

"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py collectstatic --noinput --verbosity 0

"$GUNICORN" -c config/gunicorn.conf.py config.wsgi >"$WORK/gunicorn.log" 2>&1 &
SERVER=$!
stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT

fail() {
  echo "smoke: $*" >&2
  echo "--- gunicorn log" >&2
  cat "$WORK/gunicorn.log" >&2
  exit 1
}

for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  kill -0 "$SERVER" 2>/dev/null || fail "gunicorn exited"
  sleep 0.5
done

request() {  # curl as nginx would send it: the site's host name, over HTTPS at the proxy
  curl -s -H "Host: $HOST" -H "X-Forwarded-Proto: https" -H "X-Forwarded-For: 192.0.2.1" "$@"
}

status=$(request -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/masuk/")
[ "$status" = 200 ] || fail "login page answered $status, expected 200"
echo "smoke: login page 200"

hashed=$("$PY" -c 'import json; print(json.load(open("staticfiles/staticfiles.json"))["paths"]["css/sigap.css"])')
headers=$(request -D - -o /dev/null -H "Accept-Encoding: gzip, br" "http://127.0.0.1:$PORT/static/$hashed")
echo "$headers" | grep -qi '^HTTP/[0-9.]* 200' || fail "static/$hashed: $headers"
cache=$(echo "$headers" | grep -i '^cache-control:' | tr -d '\r')
echo "$cache" | grep -q 'max-age=315360000' || fail "static/$hashed has '$cache', not a far-future max-age"
echo "$cache" | grep -q 'immutable' || fail "static/$hashed has '$cache', not immutable"
echo "smoke: static/$hashed $cache, $(echo "$headers" | grep -i '^content-encoding:' | tr -d '\r')"

limit=$("$PY" -c 'import django, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings"); django.setup(); from django.conf import settings; print(settings.REQUEST_MAX_BYTES)')
head -c $((limit + 1)) /dev/zero >"$WORK/body"
status=$(request -o /dev/null -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
  --data-binary "@$WORK/body" "http://127.0.0.1:$PORT/impor/")
[ "$status" = 413 ] || fail "a body of $((limit + 1)) bytes answered $status, expected 413"
echo "smoke: body of $((limit + 1)) bytes refused with 413"
