// Queries of the chat's hot path, built and compiled once. Kysely builds the query tree and compiles it to SQL
// again on every call (≈ 25–35 µs a query on the school server's CPU, ≈ 10 % of the server's work per chat message
// in the serving benchmark). A prepared query is built once per dialect with placeholder values, its SQL and
// parameter list kept, and each call puts the real values where the placeholders were: same SQL, same binding,
// nothing parsed or compiled. The values still travel as bound parameters (never in the SQL text).
//
// The builder must be a fixed shape: every argument used as a plain value (a comparison, a column value, a limit),
// never to choose the query's form (an `if` on a value, an `in` list, a column name). This is checked when the
// query is first compiled: an argument that does not reach the parameter list is refused. Queries run without
// Kysely plugins (Tuteur uses none; a plugin's query transform would be skipped here).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Stands for the argument at `index` while the query is built. */
class Placeholder {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

/** Values a prepared query accepts: what both drivers bind as one parameter. */
export type PreparedValue = string | number | null;

export interface PreparedQuery<Args extends readonly PreparedValue[], Row> {
  /** Runs the query on `db` or a transaction, with these values. */
  execute(db: Kysely<Database>, ...args: Args): Promise<Row[]>;
  executeTakeFirst(db: Kysely<Database>, ...args: Args): Promise<Row | undefined>;
}

export function prepareQuery<Args extends readonly PreparedValue[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): PreparedQuery<Args, Row> {
  // Per dialect adapter: a transaction shares its database's adapter, so it reuses the same compiled query.
  const compiled = new WeakMap<object, CompiledQuery<Row>>();

  function compiledFor(db: Kysely<Database>, arity: number): CompiledQuery<Row> {
    const adapter = db.getExecutor().adapter;
    const known = compiled.get(adapter);
    if (known) return known;
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i));
    let query: CompiledQuery<Row>;
    try {
      query = build(db, ...(placeholders as unknown as Args)).compile();
    } catch (error) {
      // An argument used as a column name, a list… is not a value: Kysely cannot build with a placeholder there.
      throw new Error(`prepared query: an argument is not a bound value (${(error as Error).message})`, { cause: error });
    }
    const bound = new Set(query.parameters.filter((p): p is Placeholder => p instanceof Placeholder).map((p) => p.index));
    if (bound.size !== arity) {
      throw new Error(`prepared query: argument ${placeholders.findIndex((p) => !bound.has(p.index))} is not a bound value: ${query.sql}`);
    }
    compiled.set(adapter, query);
    return query;
  }

  async function execute(db: Kysely<Database>, ...args: Args): Promise<Row[]> {
    for (const arg of args) {
      // Guards the shape rule at run time too: such values would change the SQL a plain builder writes.
      if (arg === undefined || (typeof arg === 'object' && arg !== null)) throw new TypeError('prepared query: only strings, numbers and null');
    }
    const query = compiledFor(db, args.length);
    const parameters = query.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  }

  return {
    execute,
    executeTakeFirst: async (db, ...args) => (await execute(db, ...args))[0],
  };
}
