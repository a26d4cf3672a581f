# CPEC Tracker. The two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

RUN_ENV := DJANGO_DEBUG=true

.PHONY: run test install lint format lock clean backup restore load bench bench-peer lighthouse assets messages catalogues

# The interface's catalogues (locale/), compiled from their .po files, never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
MESSAGES_ENV := DJANGO_DEBUG=true

$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

$(MO_FILES): %.mo: %.po | $(STAMP)
	$(MESSAGES_ENV) $(BIN)/python manage.py compilemessages \
		--ignore=.venv --ignore=.lockenv --ignore=node_modules

install: $(STAMP) $(MO_FILES)

# Gather the interface's strings into the catalogues (translate, then make messages).
# The code it reads is what tests/i18n/test_catalogues.py reads.
catalogues: $(STAMP)
	$(MESSAGES_ENV) $(BIN)/python manage.py makemessages --no-obsolete -l ur -l zh_Hans \
		--ignore=tests --ignore=bench --ignore=scripts --ignore=docs --ignore=fixtures \
		--ignore=node_modules --ignore=staticfiles --ignore=test-artifacts --ignore=backups

messages: $(MO_FILES)

run: $(STAMP) $(MO_FILES)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_initial_data
	$(RUN_ENV) $(BIN)/python manage.py export_bulk --base-url http://$(HOST):$(PORT)
	@echo ""
	@echo "  CPEC Tracker: open http://$(HOST):$(PORT)/"
	@echo "  API: http://$(HOST):$(PORT)/api/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Create an admin user with: $(BIN)/python manage.py createsuperuser"
	@echo "  (prefix it with DJANGO_DEBUG=true, as make run does)"
	@echo ""
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The test settings (cpec_site/settings/test.py) bring their own throwaway key, so
# plain `pytest` in the virtualenv runs the same suite.
test: $(STAMP) $(MO_FILES)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cpec_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the committed plotly.js bundle and topojson (needs Node and npm; make run
# does not, since the built files are in git).
assets:
	npm ci
	npm run build

# Without a production key in the environment, act on the local development database.
# django-dbbackup writes backups/cpec-<time>.dump (PostgreSQL) or .sqlite3, mode 0600
# (DJANGO_BACKUP_DIR moves the folder); a restore replaces the database's contents.
MANAGE_ENV := $(if $(DJANGO_SECRET_KEY),,DJANGO_DEBUG=true)

backup: $(STAMP)
	$(MANAGE_ENV) $(BIN)/python manage.py dbbackup --noinput

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/cpec-....dump"; exit 2; }
	$(MANAGE_ENV) $(BIN)/python manage.py dbrestore --noinput --input-path "$(FILE)"

# A bounded load (wrk, 50 clients, 60 s) on gunicorn + PostgreSQL; see bench/RESULTS.md.
load: $(STAMP)
	$(BIN)/python bench/load.py

# Pages and endpoints at 100, 10,000 and 100,000 projects beside two baselines,
# the first request after a write at 100,000, the peer run, then Lighthouse.
# The catalogues too: the Urdu and Chinese pages are measured in their language.
bench: $(STAMP) $(MO_FILES)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/after_write.py
	$(BIN)/python bench/peer.py
	$(BIN)/python bench/lighthouse.py

# The site beside Datasette (installed in a throwaway virtualenv) on one SQLite
# file of 20,000 projects; see bench/RESULTS.md.
bench-peer: $(STAMP) $(MO_FILES)
	$(BIN)/python bench/peer.py

# Lighthouse (mobile preset, Debian's Chromium) on the dashboard, a project, a phase
# and the project list, served by gunicorn on the production settings; the median
# of 3 runs per page into bench/RESULTS.md. Needs Node and npm: the CLI is
# installed from bench/lighthouse/package-lock.json on first use.
lighthouse: $(STAMP) $(MO_FILES)
	$(BIN)/python bench/lighthouse.py

# Re-pin every package after a change to pyproject.toml: requirements.lock holds what
# production runs (the Dockerfile installs it), requirements-dev.lock adds the tools.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --upgrade pip
	.lockenv/bin/python -m pip install --quiet .
	.lockenv/bin/python -m pip freeze --exclude cpec-tracker > requirements.lock
	.lockenv/bin/python -m pip install --quiet -c requirements.lock '.[dev]'
	{ echo "-r requirements.lock"; .lockenv/bin/python -m pip freeze --exclude cpec-tracker \
		| grep -vxF -f requirements.lock; } > requirements-dev.lock
	rm -rf .lockenv build *.egg-info

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
