#!/usr/bin/env bash
# `make test`: the suite on SQLite, then the whole suite on PostgreSQL. Extra arguments go to pytest.
# The browser tests (Chromium, axe-core, the Nu checker) look at pages, not at the database: they run
# once, on PostgreSQL, which production uses. Both runs spread the tests over the machine's cores
# (pytest-xdist, at most 4 workers, each with its own test database): on 2 cores the suite took
# 15.6 minutes in one process and 10.2 in two.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
workers="--numprocesses=auto --maxprocesses=4"

echo "== Lint (ruff, import layers)"
"$bin/ruff" check .
"$bin/ruff" format --check .
"$bin/lint-imports"

echo "== Tests on SQLite (browser tests: on PostgreSQL)"
DATABASE_URL="sqlite:///$PWD/db-test.sqlite3" "$bin/pytest" -m "not browser" $workers "$@"

echo "== Tests on PostgreSQL"
# Pages in the browser tests arrive late (tests/browser/slow_pages.py): a check that does not wait
# for its page fails here every time, not in CI once in a while.
STRATEGY_SLOW_PAGES="${STRATEGY_SLOW_PAGES:-0.2}" scripts/with-postgres.sh "$bin/pytest" $workers "$@"
