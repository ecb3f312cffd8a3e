import type { MetricCheck } from '../plan';
import { PARTIAL_UNEXPECTED_LIMIT } from '../report';
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
}): string {
  const { examples, relation, dialect } = options;
  if (examples.type === 'rows') {
    const column = quoteIdentifier(examples.column);
    return (
      `SELECT ${column} AS value FROM ${relation} WHERE ${renderCondition(examples.condition, dialect)} ` +
      `LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
    );
  }
  const columns = examples.columns.map(quoteIdentifier);
  const notNull = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
  return (
    `SELECT ${columns.join(', ')}, count(*) AS occurrences FROM ${relation} WHERE ${notNull} ` +
    `GROUP BY ${columns.join(', ')} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${PARTIAL_UNEXPECTED_LIMIT}`
  );
}
