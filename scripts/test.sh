#!/usr/bin/env bash
# `make test`: the whole suite on SQLite, then on PostgreSQL. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

echo "== Lint (ruff, import layers)"
"$bin/ruff" check .
"$bin/ruff" format --check .
"$bin/lint-imports"

echo "== Tests on SQLite"
DATABASE_URL="sqlite:///$PWD/db-test.sqlite3" "$bin/pytest" "$@"

echo "== Tests on PostgreSQL"
scripts/with-postgres.sh "$bin/pytest" "$@"
