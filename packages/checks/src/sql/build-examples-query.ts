import type { MetricCheck } from '../plan';
import { PARTIAL_UNEXPECTED_LIMIT } from '../report';
import { type ColumnTypes, fieldAccess } from './field-access';
import { renderCondition } from './render-condition';
import { quoteIdentifier, type SqlDialect } from './sql-dialect';

/**
 * A bounded query listing a failed check's unexpected values (at most 20): the values breaking a condition, or the
 * duplicated values with how often each occurs. Run only for checks that failed.
 */
export function buildExamplesQuery(options: {
  relation: string;
  examples: NonNullable<MetricCheck['examples']>;
  dialect: SqlDialect;
  columnTypes?: ColumnTypes;
}): string {
  const { examples, relation, dialect, columnTypes } = options;
  if (examples.type === 'rows') {
    const field = fieldAccess(examples, dialect, columnTypes);
    // A nested number is listed as a number and anything else as text, whether JSON or a struct holds it.
    const number = dialect === 'duckdb' ? `CAST(${field.number} AS DOUBLE)` : field.number;
    const value =
      examples.path === undefined ? quoteIdentifier(examples.column) : examples.as === 'number' ? number : field.text;
    return (
      `SELECT ${value} AS value FROM ${relation} WHERE ${renderCondition(examples.condition, dialect, columnTypes)} ` +
      `LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
    );
  }
  // DuckDB's JSON rows give a BIGINT as a string; a DOUBLE comes back as a number, as PostgreSQL's count does.
  const occurrences = dialect === 'duckdb' ? 'CAST(count(*) AS DOUBLE)' : 'count(*)';
  if (examples.path !== undefined) {
    const text = fieldAccess({ column: examples.columns[0]!, path: examples.path }, dialect, columnTypes).text;
    const name = quoteIdentifier([examples.columns[0]!, ...examples.path].join('.'));
    return (
      `SELECT ${text} AS ${name}, ${occurrences} AS occurrences FROM ${relation} WHERE ${text} IS NOT NULL ` +
      `GROUP BY ${text} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
    );
  }
  const columns = examples.columns.map(quoteIdentifier);
  const notNull = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
  return (
    `SELECT ${columns.join(', ')}, ${occurrences} AS occurrences FROM ${relation} WHERE ${notNull} ` +
    `GROUP BY ${columns.join(', ')} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
  );
}
