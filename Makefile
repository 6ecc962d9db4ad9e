# Two commands matter: `make run` (the site with the 2i2c plan on SQLite) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run demo screenshots test fuzz test-sqlite test-postgres lint format bench system-deps clean loadtest faulttest multinode backup restore messages

# Translations (docs/translations.md): the .po catalogues are the source, in git; the .mo files are
# built from them here (msgfmt, from Debian's gettext) and never committed.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)
# Without msgfmt the site still runs, in English only; `make test` installs it (system-deps).
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@if command -v msgfmt >/dev/null; then msgfmt --check-format -o $@ $<; \
	else echo "msgfmt is missing (Debian: apt-get install gettext): pages stay in English."; fi

# For translators: brings every catalogue (or a new one: `make messages LOCALE=fr`) up to date with
# the marked strings. File names but no line numbers, so that a moved line changes no catalogue.
MAKEMESSAGES_ARGS := --add-location file --no-obsolete --extension html,txt,py \
	--ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'media/*'
messages: $(VENV)/.runtime-installed
	$(BIN)/python manage.py makemessages $(if $(LOCALE),--locale $(LOCALE),--all) $(MAKEMESSAGES_ARGS)
	$(MAKE) $(COMPILED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# axe-core and vnu-jar for the accessibility and HTML tests; --ignore-scripts: Java comes from Debian.
node_modules: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The organisation in the header, feeds and badges. The settings default to none (a new install
# names no one); `make run` serves 2i2c's plan, so it names 2i2c unless the environment says otherwise.
RUN_ORGANIZATION := STRATEGY_ORGANIZATION_NAME="$${STRATEGY_ORGANIZATION_NAME-2i2c}" \
	STRATEGY_ORGANIZATION_URL="$${STRATEGY_ORGANIZATION_URL-https://2i2c.org}"

# Ends with where to go: the site, the admin, its user and (first run) password (manage.py serve).
run: $(VENV)/.runtime-installed $(COMPILED)
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(RUN_ORGANIZATION) DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py serve 127.0.0.1:$(PORT)

# An example plan under way (demo data) in its own SQLite file, db-demo.sqlite3, never db.sqlite3:
# owners, months of check-ins, a board review, and a login per role printed before the site starts.
DEMO_ENV := DATABASE_URL=sqlite:///$(CURDIR)/db-demo.sqlite3
demo: $(VENV)/.runtime-installed $(COMPILED)
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@$(DEMO_ENV) STRATEGY_ORGANIZATION_NAME="$${STRATEGY_ORGANIZATION_NAME-Example Org}" \
	  DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py serve 127.0.0.1:$(PORT)

# The README's pictures (docs/screenshots/*.png): the first-screen browser test saves what it checks.
screenshots: $(VENV)/.dev-installed node_modules $(COMPILED)
	STRATEGY_README_SCREENSHOTS=1 DATABASE_URL=sqlite:///$(CURDIR)/db-test.sqlite3 \
	  $(BIN)/pytest tests/browser/test_first_screen.py -q

system-deps:
	scripts/system-deps.sh

# The whole suite on SQLite, then again on a throwaway PostgreSQL server (or on DATABASE_URL if set).
test: system-deps $(VENV)/.dev-installed node_modules
	$(MAKE) $(COMPILED)
	scripts/test.sh

# The property tests with new random draws, 20 times as many (tests/fuzzing.py); `make test` repeats
# the same draws every run. Keep what this finds as an @example.
fuzz: $(VENV)/.dev-installed $(COMPILED)
	STRATEGY_FUZZ=1 DATABASE_URL=sqlite:///$(CURDIR)/db-test.sqlite3 \
	  $(BIN)/pytest -m "not browser" $(FUZZ_TESTS) $(ARGS)

FUZZ_TESTS := $(shell grep -rl "fuzz_settings" tests --include="test_*.py")

test-sqlite: $(VENV)/.dev-installed node_modules $(COMPILED)
	DATABASE_URL=sqlite:///$(CURDIR)/db-test.sqlite3 $(BIN)/pytest $(ARGS)

test-postgres: $(VENV)/.dev-installed node_modules $(COMPILED)
	scripts/with-postgres.sh $(BIN)/pytest $(ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Loads gunicorn with wrk (installed from Debian if missing; only the benchmark needs it).
# `make bench BENCH_ARGS="--sizes 1,10 --db sqlite"`; results in bench/results/latest.md.
bench: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null || { S=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$S apt-get update -qq && $$S apt-get install -y -qq --no-install-recommends wrk; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Reliability runs (minutes, not part of `make test`): production-mode gunicorn on loopback ports,
# a throwaway PostgreSQL (or DATABASE_URL). Results go in the README's "Reliability" section.
loadtest: system-deps $(VENV)/.runtime-installed
	scripts/with-postgres.sh $(BIN)/python scripts/loadtest.py

faulttest: system-deps $(VENV)/.runtime-installed
	scripts/with-postgres.sh $(BIN)/python scripts/faulttest.py

multinode: system-deps $(VENV)/.runtime-installed
	scripts/with-postgres.sh $(BIN)/python scripts/multinode.py

# Backups: the whole database as JSON with natural keys (see README, "Backups").
BACKUP ?= backup-$(shell date +%Y%m%d-%H%M%S).json.gz
BACKUP_ARGS := --natural-foreign --natural-primary --exclude=contenttypes --exclude=auth.permission --exclude=sessions
backup: $(VENV)/.runtime-installed
	$(BIN)/python manage.py dumpdata $(BACKUP_ARGS) -o $(BACKUP)
	@echo "Wrote $(BACKUP)"

restore: $(VENV)/.runtime-installed
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backup-....json.gz (into an empty, migrated database)"; exit 2)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata $(FILE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
