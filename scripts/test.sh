#!/usr/bin/env bash
# Install everything, start a throwaway PostgreSQL (unless SIJILL_TEST_POSTGRES_URL names one),
# then lint, type-check, check the schema file and run every test on SQLite and PostgreSQL.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh dev

if [ -z "${SIJILL_TEST_POSTGRES_URL:-}" ]; then
  pgdata=${SIJILL_TEST_PGDATA:-/tmp/sijill-test-pg}
  pgport=${SIJILL_TEST_PGPORT:-54329}
  SIJILL_TEST_POSTGRES_URL=$(scripts/pg.sh start "$pgdata" "$pgport")
  export SIJILL_TEST_POSTGRES_URL
  [ "${CI:-}" = "true" ] && trap 'scripts/pg.sh stop "$pgdata" "$pgport"' EXIT
fi
echo "PostgreSQL for tests: $SIJILL_TEST_POSTGRES_URL" >&2

.venv/bin/ruff check domain projections register tests bench
.venv/bin/mypy
.venv/bin/sijill schema --check
# pytest exits 5 when it collects no test: with `set -e` that fails the run, as it should.
.venv/bin/python -m pytest "$@"
