import { describe, expect, it } from 'vitest';
import { eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { renderPlain } from './db';

const dialect = new PgDialect({ casing: 'snake_case' });
const probe = pgTable('render_probe', { id: text().primaryKey(), doc: jsonb() });

/** What Drizzle itself sends for a statement. */
const drizzle = (q: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return { text, values: params };
};

describe('renderPlain', () => {
  it('renders plain statements exactly as Drizzle does: text, nested and joined SQL, params (mapped by their encoder), interpolated values of every plain kind', () => {
    const when = new Date('2026-11-23T06:00:00.000Z');
    const bytes = Buffer.from([1, 2, 3]);
    const inner = sql`x = ${1} and y = ${sql.param('two')}`;
    const statements: SQL[] = [
      sql`select 1`,
      sql`select ${'a'}, ${42}, ${true}, ${12n}, ${null}, ${when}, ${bytes}`,
      sql`with ${sql.raw('w0')} as (${sql`update t set n = n - ${sql.param(3)} where ${inner}`}) select ${sql.raw('1 as done')}`,
      sql`insert into t (a, b) values ${sql.join([sql`(${1}, ${'x'})`, sql`(${2}, ${'y'})`], sql`, `)}`,
      sql`select ${sql.param(['a', 'b'])}::text[], ${sql.param({ a: 1 }, probe.doc)}::jsonb`,
      sql`select ${undefined}1`,
    ];
    for (const q of statements) expect(renderPlain(q)).toEqual(drizzle(q));
    // The encoder's mapping is applied (jsonb turns its value into JSON text), as Drizzle applies it.
    expect(renderPlain(statements[4]!)!.values[1]).toBe('{"a":1}');
  });

  it('leaves to Drizzle what is not plain: columns, tables, identifiers, placeholders, lists, inlined params', () => {
    expect(renderPlain(sql`select ${probe.id} from t`)).toBeNull();
    expect(renderPlain(sql`select * from ${probe}`)).toBeNull();
    expect(renderPlain(sql`select * from ${sql.identifier('t')}`)).toBeNull();
    expect(renderPlain(sql`select ${sql.placeholder('p')}`)).toBeNull();
    expect(renderPlain(sql`select 1 where x in ${[1, 2]}`)).toBeNull();
    expect(renderPlain(sql`select ${'a'}`.inlineParams())).toBeNull();
    expect(renderPlain(sql`select 1 where ${eq(probe.id, 'x')}`)).toBeNull();
  });
});
