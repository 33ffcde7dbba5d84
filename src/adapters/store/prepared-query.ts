import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { DialectName } from './sql-dialect.ts';

/**
 * A Kysely query compiled once per dialect and re-run with new parameters. Building and compiling a query costs
 * more than running a point lookup on SQLite, so the hottest reads (the account behind every authenticated
 * request, the token lookup) skip it. The query is built with sentinel values; each sentinel's position in the
 * compiled parameter list is where the caller's value goes. Only for queries whose shape never depends on the
 * values (no `in` lists, no optional filters).
 */
export class PreparedQuery<Args extends readonly unknown[], Row> {
  readonly #build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>;
  readonly #arity: number;
  readonly #compiled = new Map<DialectName, { query: CompiledQuery<Row>; slots: (number | null)[] }>();

  constructor(arity: Args['length'], build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>) {
    this.#arity = arity;
    this.#build = build;
  }

  async execute(db: Kysely<Database>, dialect: DialectName, ...args: Args): Promise<Row[]> {
    const { query, slots } = this.#compile(db, dialect);
    const parameters = query.parameters.map((constant, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? constant : args[slot];
    });
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  }

  #compile(db: Kysely<Database>, dialect: DialectName): { query: CompiledQuery<Row>; slots: (number | null)[] } {
    let entry = this.#compiled.get(dialect);
    if (!entry) {
      const sentinels = Array.from({ length: this.#arity }, (_, i) => `\u0000capstan-arg-${i}\u0000`);
      const query = this.#build(db, ...(sentinels as unknown as Args)).compile();
      const slots = query.parameters.map((p) => {
        const index = sentinels.indexOf(p as string);
        return index === -1 ? null : index;
      });
      entry = { query, slots };
      this.#compiled.set(dialect, entry);
    }
    return entry;
  }
}
