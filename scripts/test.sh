#!/usr/bin/env bash
# The full test suite (README's second command): type check, lint (incl. the import-direction rule), build the web
# UI when stale, then every test with node's runner, on real SQLite and on a real PostgreSQL started here from
# Debian's package (the browser tests drive Debian's chromium).
# Set CAPSTAN_TEST_DATABASE_URL to use a PostgreSQL of your own instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== type check"; tsc --noEmit; tsc --noEmit -p web
echo "== lint"; eslint --max-warnings 0 .
echo "== web UI build (when web/dist is missing or stale)"; node scripts/ensure-web-build.ts

if [ -z "${CAPSTAN_TEST_DATABASE_URL:-}" ]; then
  echo "== starting a throwaway PostgreSQL"
  CAPSTAN_TEST_DATABASE_URL=$(bash scripts/start-postgres.sh)
  export CAPSTAN_TEST_DATABASE_URL
  trap 'bash scripts/stop-postgres.sh "$CAPSTAN_TEST_DATABASE_URL" >/dev/null 2>&1 || true' EXIT
fi
echo "== tests (PostgreSQL at ${CAPSTAN_TEST_DATABASE_URL%%@*}@…)"
node --test --test-concurrency="${CAPSTAN_TEST_CONCURRENCY:-2}" "src/**/*.test.ts" "test/**/*.test.ts" "${@}"
