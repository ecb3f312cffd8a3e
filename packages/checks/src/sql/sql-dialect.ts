import type { BoundType } from '../plan';

export type SqlDialect = 'postgres' | 'duckdb';

/** A double-quoted identifier; a dotted name (`staging.orders`) is quoted part by part with `quoteQualifiedName`. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new RangeError('an identifier cannot hold U+0000');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `staging.orders` → `"staging"."orders"`; a part already in double quotes keeps its dots. */
export function quoteQualifiedName(name: string): string {
  const parts = name.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [];
  if (parts.join('.') !== name || parts.length === 0 || parts.length > 3) {
    throw new RangeError(`"${name}" is not a table name (schema.table)`);
  }
  return parts.map((part) => (part.startsWith('"') ? part : quoteIdentifier(part))).join('.');
}

/**
 * A SQL literal for a value from a contract. Strings are single-quoted with quotes doubled — safe in PostgreSQL
 * (standard_conforming_strings, on by default since 9.1 and checked by the Postgres source) and DuckDB; numbers must
 * be finite; U+0000 is refused (neither engine stores it).
 */
export function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value.includes('\u0000')) throw new RangeError('a SQL literal cannot hold U+0000');
  return `'${value.replace(/'/g, "''")}'`;
}

/** What differs between the two engines. */
export interface DialectOps {
  asText(expression: string): string;
  /** Whether `text` contains a match of `pattern` (both engines search, unanchored, like JSON Schema's pattern). */
  regexMatches(text: string, pattern: string): string;
  /** A bound as a typed literal for comparing with a column. */
  bound(value: number | string, type: BoundType): string;
  /** Seconds since the epoch of a timestamp expression, as a double. */
  epochSeconds(expression: string): string;
}

export const DIALECTS: Readonly<Record<SqlDialect, DialectOps>> = {
  postgres: {
    asText: (expression) => `(${expression})::text`,
    regexMatches: (text, pattern) => `${text} ~ ${sqlLiteral(pattern)}`,
    bound: (value, type) =>
      type === 'number'
        ? sqlLiteral(value)
        : `CAST(${sqlLiteral(String(value))} AS ${type === 'date' ? 'date' : 'timestamptz'})`,
    epochSeconds: (expression) => `extract(epoch from ${expression})::double precision`,
  },
  duckdb: {
    asText: (expression) => `CAST(${expression} AS VARCHAR)`,
    regexMatches: (text, pattern) => `regexp_matches(${text}, ${sqlLiteral(pattern)})`,
    bound: (value, type) =>
      type === 'number'
        ? sqlLiteral(value)
        : `CAST(${sqlLiteral(String(value))} AS ${type === 'date' ? 'DATE' : 'TIMESTAMPTZ'})`,
    epochSeconds: (expression) => `CAST(epoch(${expression}) AS DOUBLE)`,
  },
};
