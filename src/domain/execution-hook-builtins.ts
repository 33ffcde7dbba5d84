/**
 * The NetApp-provided execution hooks Capstan ships (Astra `hookType: netapp`, seed-apis.md §4.3.14; N5): one
 * pre-snapshot hook each for MariaDB, MySQL and PostgreSQL containers, selected by the image regexes Astra uses
 * (`\bmariadb\b`, `\bmysql\b`, `\bpostgresql\b`), and the two preloaded hook sources they run.
 *
 * They exist in every account, are read-only (problems/73 for hooks, /71 for their sources), and apply to every
 * application whose containers match, unless an executionHookOverride switches one off for an application.
 *
 * What the scripts do, honestly: they ask the database to write everything it holds in memory to disk right before
 * the volume snapshot (MariaDB/MySQL `FLUSH TABLES` + `FLUSH LOGS`, PostgreSQL `CHECKPOINT`), so recovery from the
 * snapshot replays little. They do not hold a lock across the snapshot; for that, write a custom pre/post pair.
 */
import type { MatchingCriterion } from './container-criteria.ts';

export interface BuiltinSource {
  /** Stable key the ids are derived from; never change it. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly script: string;
}

export interface BuiltinHook {
  readonly key: string;
  readonly name: string;
  readonly sourceKey: string;
  readonly description: string;
  readonly matchingCriteria: readonly MatchingCriterion[];
  readonly arguments: readonly string[];
}

const MYSQL_SCRIPT = `#!/bin/sh
# Capstan NetApp-provided hook for MariaDB and MySQL containers. Argument: pre | post.
# pre: flush tables and logs to disk before the volume snapshot. Uses the client of the official images and the
# root password they are started with (MARIADB_ROOT_PASSWORD or MYSQL_ROOT_PASSWORD).
set -u
client=$(command -v mariadb || command -v mysql) || { echo "no mariadb or mysql client in this container" >&2; exit 1; }
export MYSQL_PWD="\${MARIADB_ROOT_PASSWORD:-\${MYSQL_ROOT_PASSWORD:-}}"
case "\${1:-}" in
  pre) exec "$client" --user=root --execute="FLUSH TABLES; FLUSH LOGS;" ;;
  post) exit 0 ;;
  *) echo "usage: $0 pre|post" >&2; exit 2 ;;
esac
`;

const POSTGRESQL_SCRIPT = `#!/bin/sh
# Capstan NetApp-provided hook for PostgreSQL containers. Argument: pre | post.
# pre: CHECKPOINT, so everything committed is on disk before the volume snapshot. Connects over the local socket as
# POSTGRES_USER (default postgres), as the official image is set up.
set -u
command -v psql >/dev/null 2>&1 || { echo "no psql in this container" >&2; exit 1; }
export PGPASSWORD="\${POSTGRES_PASSWORD:-}"
case "\${1:-}" in
  pre) exec psql --no-psqlrc --username="\${POSTGRES_USER:-postgres}" --command=CHECKPOINT ;;
  post) exit 0 ;;
  *) echo "usage: $0 pre|post" >&2; exit 2 ;;
esac
`;

export const BUILTIN_SOURCES: readonly BuiltinSource[] = [
  { key: 'source/mysql-mariadb', name: 'netapp-mysql-mariadb', script: MYSQL_SCRIPT,
    description: 'NetApp-provided: flushes MariaDB/MySQL tables and logs to disk before a snapshot.' },
  { key: 'source/postgresql', name: 'netapp-postgresql', script: POSTGRESQL_SCRIPT,
    description: 'NetApp-provided: runs a PostgreSQL CHECKPOINT before a snapshot.' },
];

export const BUILTIN_HOOKS: readonly BuiltinHook[] = [
  { key: 'hook/mariadb-pre-snapshot', name: 'netapp-mariadb-pre-snapshot', sourceKey: 'source/mysql-mariadb',
    description: 'NetApp-provided: flushes MariaDB before each snapshot.',
    matchingCriteria: [{ type: 'containerImage', value: '\\bmariadb\\b' }], arguments: ['pre'] },
  { key: 'hook/mysql-pre-snapshot', name: 'netapp-mysql-pre-snapshot', sourceKey: 'source/mysql-mariadb',
    description: 'NetApp-provided: flushes MySQL before each snapshot.',
    matchingCriteria: [{ type: 'containerImage', value: '\\bmysql\\b' }], arguments: ['pre'] },
  { key: 'hook/postgresql-pre-snapshot', name: 'netapp-postgresql-pre-snapshot', sourceKey: 'source/postgresql',
    description: 'NetApp-provided: checkpoints PostgreSQL before each snapshot.',
    matchingCriteria: [{ type: 'containerImage', value: '\\bpostgresql\\b' }], arguments: ['pre'] },
];
