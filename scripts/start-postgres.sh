#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests (Debian's `postgresql` package) and prints its URL on stdout:
#
#   export CAPSTAN_TEST_DATABASE_URL="$(scripts/start-postgres.sh)"
#   …run tests…
#   scripts/stop-postgres.sh "$CAPSTAN_TEST_DATABASE_URL"
#
# The cluster lives in a temp directory, listens on 127.0.0.1 only, trusts local connections and runs with
# fsync off (test speed only: never for data you keep). initdb refuses to run as root, so as root the server
# runs as the `postgres` user. Port: $CAPSTAN_PG_PORT, else the first free one from 55432.
# (../shared/reference/stack-feasibility.md §6 has the measured commands.)
set -euo pipefail

die() { echo "start-postgres: $*" >&2; exit 1; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || die "PostgreSQL is not installed (apt-get install -y postgresql)"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${CAPSTAN_PG_PORT:-}
if [ -z "$PORT" ]; then
  for candidate in $(seq 55432 55462); do
    if port_free "$candidate"; then PORT=$candidate; break; fi
  done
fi
[ -n "$PORT" ] || die "no free port in 55432-55462"
port_free "$PORT" || die "port $PORT is in use"

# One directory per port, so stop-postgres.sh can find the cluster from the URL alone.
ROOT="${TMPDIR:-/tmp}/capstan-pg-$PORT"
rm -rf "$ROOT"
mkdir -p "$ROOT"

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT"

as_owner "'$PGBIN/initdb' -D '$ROOT/data' -U postgres -A trust -E UTF8 --no-locale -N >'$ROOT/initdb.log' 2>&1" \
  || die "initdb failed; see $ROOT/initdb.log"
as_owner "'$PGBIN/pg_ctl' -D '$ROOT/data' -l '$ROOT/server.log' -w -t 30 -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$ROOT' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >/dev/null" \
  || die "server did not start; see $ROOT/server.log"

echo "postgres://postgres@127.0.0.1:$PORT/postgres"
