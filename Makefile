# Sigap: the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin

.PHONY: install run test lint format migrations-check ci lock clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install  ## install, migrate, load the demo, serve on http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install  ## the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/python -m pytest

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

lock: install
	(echo "# The whole dependency tree, pinned (runtime and development). Regenerate with: make lock"; \
	 $(BIN)/pip freeze | grep -v '^-e' | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
