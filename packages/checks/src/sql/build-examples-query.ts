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
    const typed = examples.logicalType === 'integer' || examples.logicalType === 'number';
    // A nested string is listed as text and a number as a number, whatever JSON or struct holds them.
    const value =
      examples.path === undefined
        ? quoteIdentifier(examples.column)
        : typed
          ? field.number
          : examples.logicalType === undefined || examples.logicalType === 'object' || examples.logicalType === 'array'
            ? field.value
            : field.text;
    return (
      `SELECT ${value} AS value FROM ${relation} WHERE ${renderCondition(examples.condition, dialect, columnTypes)} ` +
      `LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
    );
  }
  if (examples.path !== undefined) {
    const text = fieldAccess({ column: examples.columns[0]!, path: examples.path }, dialect, columnTypes).text;
    const name = quoteIdentifier([examples.columns[0]!, ...examples.path].join('.'));
    return (
      `SELECT ${text} AS ${name}, count(*) AS occurrences FROM ${relation} WHERE ${text} IS NOT NULL ` +
      `GROUP BY ${text} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
    );
  }
  const columns = examples.columns.map(quoteIdentifier);
  const notNull = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
  return (
    `SELECT ${columns.join(', ')}, count(*) AS occurrences FROM ${relation} WHERE ${notNull} ` +
    `GROUP BY ${columns.join(', ')} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
  );
}
