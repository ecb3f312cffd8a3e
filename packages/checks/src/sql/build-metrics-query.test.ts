import type { Measure } from '../plan';
import { buildMetricsQuery } from './build-metrics-query';
import { quoteIdentifier, quoteQualifiedName, sqlLiteral } from './sql-dialect';

const measures: Measure[] = [
  { type: 'count-where', condition: { type: 'is-null', column: 'a' } },
  { type: 'count-where', condition: { type: 'matches', column: 'b', pattern: "^it's$", negate: true } },
  { type: 'duplicates', columns: ['a'] },
  { type: 'duplicates', columns: ['a', 'b'] },
  { type: 'max-epoch', column: 'ts' },
  { type: 'count-where', condition: { type: 'is-null', column: 'a' } },
  { type: 'row-count' },
];

describe('buildMetricsQuery', () => {
  it.each([
    [
      'postgres',
      [
        'count(*) AS row_count',
        'count(*) FILTER (WHERE "a" IS NULL) AS m1',
        `count(*) FILTER (WHERE ("b" IS NOT NULL AND NOT (("b")::text ~ '^it''s$'))) AS m2`,
        'count("a") - count(DISTINCT "a") AS m3',
        'count(*) FILTER (WHERE "a" IS NOT NULL AND "b" IS NOT NULL) - count(DISTINCT ROW("a", "b")) FILTER (WHERE "a" IS NOT NULL AND "b" IS NOT NULL) AS m4',
        'extract(epoch from max("ts"))::double precision AS m5',
      ],
    ],
    [
      'duckdb',
      [
        'count(*) AS row_count',
        'count(*) FILTER (WHERE "a" IS NULL) AS m1',
        `count(*) FILTER (WHERE ("b" IS NOT NULL AND NOT (regexp_matches(CAST("b" AS VARCHAR), '^it''s$')))) AS m2`,
        'count("a") - count(DISTINCT "a") AS m3',
        'count(*) FILTER (WHERE "a" IS NOT NULL AND "b" IS NOT NULL) - count(DISTINCT struct_pack("a", "b")) FILTER (WHERE "a" IS NOT NULL AND "b" IS NOT NULL) AS m4',
        'CAST(epoch(max("ts")) AS DOUBLE) AS m5',
      ],
    ],
  ] as const)('%s: one SELECT, one column per distinct measure', (dialect, columns) => {
    const query = buildMetricsQuery({ relation: '"orders"', measures, dialect });
    expect(query.sql).toBe(`SELECT\n  ${columns.join(',\n  ')}\nFROM "orders"`);
    expect(query.aliases.size).toBe(6);
  });
});

describe('quoting', () => {
  it.each([
    ['orders', '"orders"'],
    ['we"ird', '"we""ird"'],
    ['DROP TABLE x; --', '"DROP TABLE x; --"'],
  ])('identifier %j', (name, quoted) => expect(quoteIdentifier(name)).toBe(quoted));

  it.each([
    ['staging.orders', '"staging"."orders"'],
    ['orders', '"orders"'],
    ['"my.schema".orders', '"my.schema"."orders"'],
  ])('qualified name %j', (name, quoted) => expect(quoteQualifiedName(name)).toBe(quoted));

  it.each(['', 'a..b', 'a.b.c.d'])('refuses the table name %j', (name) => {
    expect(() => quoteQualifiedName(name)).toThrow(RangeError);
  });

  it.each<[string | number | boolean, string]>([
    ["it's", "'it''s'"],
    ["'; DROP TABLE orders; --", "'''; DROP TABLE orders; --'"],
    ['back\\slash', "'back\\slash'"],
    [42, '42'],
    [-1.5, '-1.5'],
    [true, 'TRUE'],
  ])('literal %j', (value, literal) => expect(sqlLiteral(value)).toBe(literal));

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'nul\u0000byte'])('refuses the literal %j', (value) => {
    expect(() => sqlLiteral(value)).toThrow(RangeError);
  });
});
