#!/usr/bin/env bash
# `make test`: the suite on SQLite, then the whole suite on PostgreSQL. Extra arguments go to pytest.
# The browser tests (Chromium, axe-core, the Nu checker) look at pages, not at the database: they run
# once, on PostgreSQL, which production uses; that keeps `make test` well under 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

echo "== Lint (ruff, import layers)"
"$bin/ruff" check .
"$bin/ruff" format --check .
"$bin/lint-imports"

echo "== Tests on SQLite (browser tests: on PostgreSQL)"
DATABASE_URL="sqlite:///$PWD/db-test.sqlite3" "$bin/pytest" -m "not browser" "$@"

echo "== Tests on PostgreSQL"
scripts/with-postgres.sh "$bin/pytest" "$@"
