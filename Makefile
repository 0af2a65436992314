# Sigap: the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BACKUP_DIR ?= backups
BIN := $(VENV)/bin

.PHONY: install run serve test lint format migrations-check ci lock clean backup restore

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install  ## install, migrate, load the demo, serve on http://127.0.0.1:$(PORT) with a job worker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# The background worker runs beside the server, as in production (the same database queue),
	@# and stops with it: large imports, whole-Polda optimisations and PDFs are jobs.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production server locally: gunicorn (config/gunicorn.conf.py) with the Production block of
# .env.example over the SQLite default, hashed static files from collectstatic. The HTTPS-only
# values are switched off, as there is no TLS proxy in front of it here (docs/deploy.md has it).
SERVE_ENV = ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS= DATABASE_URL=sqlite:///db.sqlite3 \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_SSL_REDIRECT=false \
	SECURE_HSTS_SECONDS=0 BEHIND_TLS_PROXY=false GUNICORN_BIND=127.0.0.1:$(PORT)

serve: install  ## gunicorn and a job worker with the production settings on http://127.0.0.1:$(PORT)
	env $$(tools/production_env.sh) $(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	env $$(tools/production_env.sh) $(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	env $$(tools/production_env.sh) $(SERVE_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	env $$(tools/production_env.sh) $(SERVE_ENV) $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

# The suite runs in as many processes as the machine has cores (pytest-xdist; each process has
# its own test database): on 2 cores the PostgreSQL suite took 427 s instead of 618 s.
TEST_WORKERS ?= auto

test: install  ## the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

backup: install  ## back up the database of DATABASE_URL into $(BACKUP_DIR)/ (see docs/backup.md)
	$(BIN)/python manage.py backup_database --dir $(BACKUP_DIR)

restore: install  ## restore FILE into a NEW database INTO (SQLite: a file; PostgreSQL: a name)
	@test -n "$(FILE)" -a -n "$(INTO)" || { echo "usage: make restore FILE=backup INTO=new-database"; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)" --into "$(INTO)"

lock: install
	(echo "# The whole dependency tree, pinned (runtime and development). Regenerate with: make lock"; \
	 $(BIN)/pip freeze | grep -v '^-e' | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
