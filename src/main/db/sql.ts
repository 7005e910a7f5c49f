/**
 * @file SQL composed as fragments: a tagged template that turns every interpolated value
 * into a `?` placeholder with its parameter beside it, so placeholders and parameters cannot
 * drift apart however conditions are combined (the idea of Signal-Desktop's `sqlFragment`).
 *
 * [Note: SQL fragments]
 * `sql\`… WHERE p.id = ${id}\`` is `{ text: '… WHERE p.id = ?', params: [id] }`; a fragment
 * interpolated into another is inlined with its parameters in order; names that cannot be
 * parameters (a vector table, a column chosen by code) go in through `identifier()`, which
 * quotes them and accepts only plain names. Queries read typed rows through `all`, `get`
 * and `pluck`, with the row type given once per query instead of a cast at each call site.
 */
import type Database from 'better-sqlite3';

/** A piece of SQL and its parameters, in placeholder order. */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly unknown[];
}

const isFragment = (value: unknown): value is SqlFragment =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SqlFragment).text === 'string' &&
  Array.isArray((value as SqlFragment).params);

/** The tagged template: values become parameters, fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params };
}

/** A table or column name chosen by code, double-quoted; anything but a plain name is refused. */
export function identifier(name: string): SqlFragment {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an SQL name: ${name}`);
  return { text: `"${name}"`, params: [] };
}

/** Fragments joined with `separator` (", " by default; " AND " for conditions). */
export function join(fragments: readonly SqlFragment[], separator = ', '): SqlFragment {
  return {
    text: fragments.map((f) => f.text).join(separator),
    params: fragments.flatMap((f) => f.params),
  };
}

/** Every row of a query, typed. */
export function all<Row>(db: Database.Database, query: SqlFragment): Row[] {
  return db.prepare(query.text).all(...query.params) as Row[];
}

/** The first row, or undefined. */
// The row type is the caller's one statement of the query's shape ([Note: SQL fragments]).
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function get<Row>(db: Database.Database, query: SqlFragment): Row | undefined {
  return db.prepare(query.text).get(...query.params) as Row | undefined;
}

/** The first column of the first row (a count, an id), or undefined. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as get()
export function pluck<Value>(db: Database.Database, query: SqlFragment): Value | undefined {
  return db
    .prepare(query.text)
    .pluck()
    .get(...query.params) as Value | undefined;
}

/** Runs a statement; its change count. */
export function run(db: Database.Database, query: SqlFragment): number {
  return db.prepare(query.text).run(...query.params).changes;
}
