#!/usr/bin/env bash
# Stops a server started by start-postgres.sh and removes its directory. Argument: the URL it printed (or the port).
set -euo pipefail

ARG=${1:?usage: stop-postgres.sh <url-or-port>}
PORT=$(printf '%s' "$ARG" | sed -E 's#^postgres(ql)?://[^/]*:([0-9]+)/.*$#\2#')
case "$PORT" in (*[!0-9]*|'') echo "stop-postgres: cannot read a port from '$ARG'" >&2; exit 1;; esac

ROOT="${TMPDIR:-/tmp}/capstan-pg-$PORT"
[ -d "$ROOT/data" ] || { echo "stop-postgres: no server from start-postgres.sh on port $PORT" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" = 0 ]; then
  su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$ROOT/data' -m immediate -w stop >/dev/null"
else
  "$PGBIN/pg_ctl" -D "$ROOT/data" -m immediate -w stop >/dev/null
fi
rm -rf "$ROOT"
