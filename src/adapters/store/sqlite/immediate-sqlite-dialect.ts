import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SqliteDriver begins transactions with a deferred BEGIN. A deferred transaction that reads and then
 * writes can fail at once with SQLITE_BUSY(_SNAPSHOT) when another connection wrote in between, and busy_timeout
 * does not help; BEGIN IMMEDIATE takes the write lock up front, so writers queue on busy_timeout instead
 * (protocols-reliability.md §5.4; https://www.sqlite.org/lang_transaction.html).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #beforeClose: (() => Promise<void>) | undefined;

  constructor(config: SqliteDialectConfig, beforeClose: (() => Promise<void>) | undefined) {
    super(config);
    this.#beforeClose = beforeClose;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async destroy(): Promise<void> {
    await this.#beforeClose?.();
    await super.destroy();
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #beforeClose: (() => Promise<void>) | undefined;

  /** `beforeClose` runs when the Kysely instance is destroyed, before the connection closes. */
  constructor(config: SqliteDialectConfig, beforeClose?: () => Promise<void>) {
    super(config);
    this.#config = config;
    this.#beforeClose = beforeClose;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#beforeClose);
  }
}
