import type { Condition } from '../plan';
import { buildExamplesQuery } from './build-examples-query';
import { buildMetricsQuery } from './build-metrics-query';
import { fieldAccess, resolveField } from './field-access';
import { renderCondition } from './render-condition';

const city = { column: 'addr', path: ['city'] };
const lat = { column: 'addr', path: ['geo', 'lat'] };
const STRUCT = 'STRUCT(city VARCHAR, geo STRUCT(lat DOUBLE), extra JSON)';

describe('renderCondition: nested fields', () => {
  it.each<[string, Condition, 'postgres' | 'duckdb', string, string]>([
    [
      'a required child of a jsonb column counts only under a present parent',
      { type: 'is-null', ...city },
      'postgres',
      'jsonb',
      `(coalesce(jsonb_typeof("addr"), 'null') <> 'null' AND coalesce(jsonb_typeof(("addr" #> ARRAY['city']::text[])), 'null') = 'null')`,
    ],
    [
      'a json column: the text with #>>',
      { type: 'is-empty', ...city },
      'postgres',
      'json',
      `("addr" #>> ARRAY['city']::text[]) = ''`,
    ],
    [
      'two levels of jsonb: both ancestors present',
      { type: 'is-null', ...lat },
      'postgres',
      'jsonb',
      `(coalesce(jsonb_typeof("addr"), 'null') <> 'null' AND coalesce(jsonb_typeof(("addr" #> ARRAY['geo']::text[])), 'null') <> 'null' AND coalesce(jsonb_typeof(("addr" #> ARRAY['geo', 'lat']::text[])), 'null') = 'null')`,
    ],
    [
      'a numeric bound reads only JSON numbers',
      { type: 'compare', ...lat, operator: '>', value: 90, valueType: 'number' },
      'postgres',
      'jsonb',
      `CASE WHEN coalesce(jsonb_typeof(("addr" #> ARRAY['geo', 'lat']::text[])), 'null') IN ('number') THEN (("addr" #>> ARRAY['geo', 'lat']::text[]))::numeric END > 90`,
    ],
    [
      'a struct field with struct_extract',
      { type: 'is-null', ...lat },
      'duckdb',
      STRUCT,
      `("addr" IS NOT NULL AND struct_extract("addr", 'geo') IS NOT NULL AND struct_extract(struct_extract("addr", 'geo'), 'lat') IS NULL)`,
    ],
    [
      'a struct field type is static: never a wrong type row',
      { type: 'wrong-type', ...city, logicalType: 'string' },
      'duckdb',
      STRUCT,
      'FALSE',
    ],
    [
      'a DuckDB JSON column with a JSON pointer',
      { type: 'matches', ...city, pattern: '^[A-Z]', negate: true },
      'duckdb',
      'JSON',
      `(coalesce(json_type("addr", '/city'), 'NULL') <> 'NULL' AND NOT (regexp_matches(json_extract_string("addr", '/city'), '^[A-Z]')))`,
    ],
    [
      'a struct down to a JSON field, then a pointer',
      { type: 'wrong-type', column: 'addr', path: ['extra', 'n'], logicalType: 'boolean' },
      'duckdb',
      STRUCT,
      `coalesce(json_type(struct_extract("addr", 'extra'), '/n'), 'NULL') NOT IN ('NULL', 'BOOLEAN')`,
    ],
    [
      'a struct field typed JSON (mixed types in JSON Lines) is read row by row',
      { type: 'is-empty', column: 'addr', path: ['extra'] },
      'duckdb',
      STRUCT,
      `json_extract_string(struct_extract("addr", 'extra'), '$') = ''`,
    ],
    [
      'an integer in JSON: a number without a fraction',
      { type: 'wrong-type', column: 'addr', path: ['n'], logicalType: 'integer' },
      'postgres',
      'jsonb',
      `(coalesce(jsonb_typeof(("addr" #> ARRAY['n']::text[])), 'null') <> 'null' AND NOT (coalesce(jsonb_typeof(("addr" #> ARRAY['n']::text[])), 'null') IN ('number') AND ("addr" #>> ARRAY['n']::text[]) ~ '^-?[0-9]+$'))`,
    ],
    [
      'keys needing escapes: quotes doubled, JSON pointer ~0 and ~1',
      { type: 'is-empty', column: 'addr', path: ["it's/a~b"] },
      'duckdb',
      'JSON',
      `json_extract_string("addr", '/it''s~1a~0b') = ''`,
    ],
  ])('%s', (_name, condition, dialect, type, sql) => {
    expect(renderCondition(condition, dialect, new Map([['addr', type]]))).toBe(sql);
  });

  it('a top-level column renders as before, with or without types', () => {
    const condition: Condition = { type: 'in-set', column: 'a', values: ['x'], negate: true };
    expect(renderCondition(condition, 'postgres')).toBe(`("a" IS NOT NULL AND NOT (("a")::text IN ('x')))`);
  });

  it.each<[string, 'postgres' | 'duckdb', string]>([
    ['a text column cannot hold fields', 'postgres', 'text'],
    ['a VARCHAR cannot either', 'duckdb', 'VARCHAR'],
    ['a struct without the field', 'duckdb', 'STRUCT(line1 VARCHAR)'],
  ])('refuses to read %s', (_name, dialect, type) => {
    expect(() => fieldAccess(city, dialect, new Map([['addr', type]]))).toThrow(RangeError);
    expect(resolveField(city, dialect, type)).toHaveProperty('problem');
  });

  it('resolves a struct field to its type and a JSON field to the JSON type', () => {
    expect(resolveField(lat, 'duckdb', STRUCT)).toEqual({ kind: 'typed', type: 'DOUBLE' });
    expect(resolveField(lat, 'postgres', 'jsonb')).toEqual({ kind: 'json', type: 'jsonb' });
    expect(resolveField(city, 'duckdb', 'STRUCT(line1 VARCHAR)')).toMatchObject({ problem: 'missing' });
    expect(resolveField(city, 'postgres', 'text')).toMatchObject({ problem: 'not-nested' });
  });
});

describe('nested measures and examples', () => {
  const types = new Map([['addr', 'jsonb']]);

  it('a nested unique counts duplicates of the text where present, in the one SELECT', () => {
    const query = buildMetricsQuery({
      relation: '"orders"',
      measures: [
        { type: 'duplicates', columns: ['addr'], path: ['city'] },
        { type: 'count-where', condition: { type: 'is-null', ...city } },
      ],
      dialect: 'postgres',
      columnTypes: types,
    });
    expect(query.sql.split('\n')[2]).toBe(
      `  count(("addr" #>> ARRAY['city']::text[])) - count(DISTINCT ("addr" #>> ARRAY['city']::text[])) AS m1,`,
    );
    expect(query.sql.match(/FROM/g)).toHaveLength(1);
  });

  it.each<['postgres' | 'duckdb', string, 'number' | 'text', string]>([
    ['postgres', 'jsonb', 'text', `SELECT ("addr" #>> ARRAY['city']::text[]) AS value`],
    [
      'duckdb',
      'JSON',
      'number',
      `SELECT CAST(CASE WHEN coalesce(json_type("addr", '/city'), 'NULL') IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE') THEN TRY_CAST(json_extract_string("addr", '/city') AS DOUBLE) END AS DOUBLE) AS value`,
    ],
  ])('%s %s: examples listed as %s', (dialect, type, as, select) => {
    const sql = buildExamplesQuery({
      relation: '"orders"',
      examples: { type: 'rows', ...city, as, condition: { type: 'is-empty', ...city } },
      dialect,
      columnTypes: new Map([['addr', type]]),
    });
    expect(sql.startsWith(`${select} FROM "orders" WHERE `)).toBe(true);
    expect(sql.endsWith('LIMIT 20')).toBe(true);
  });
});
