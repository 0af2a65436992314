#!/usr/bin/env bash
# One background job end to end, as .ci/run runs it: an operator uploads a visit log of 500 rows
# (over IMPORT_JOB_MIN_ROWS, so the upload and the confirmation are jobs), `manage.py db_worker
# --batch` runs the queue dry after each step, and the rows are counted. A throwaway SQLite
# database and private folders; SMOKE_PYTHON picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${SMOKE_PYTHON:-.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:///$WORK/jobs.sqlite3" ALLOWED_HOSTS=testserver
export IMPORT_STORAGE_DIR="$WORK/imports" JOBS_STORAGE_DIR="$WORK/jobs" MEDIA_ROOT="$WORK/media"
export JOBS_CACHE_URL="filecache://$WORK/progress" IMPORT_JOB_MIN_ROWS=100
ROWS=500

step() {  # run one step of the scenario below in manage.py shell
  "$PY" manage.py shell -c "import runpy; runpy.run_path('tools/smoke_jobs_steps.py', run_name='$1')"
}
worker() {
  "$PY" manage.py db_worker --batch --no-startup-delay --no-reload --verbosity 1
}

"$PY" manage.py migrate --noinput --verbosity 0
SMOKE_ROWS=$ROWS step upload
worker
step confirm
worker
SMOKE_ROWS=$ROWS step check
