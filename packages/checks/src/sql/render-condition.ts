import type { Condition } from '../plan';
import { DIALECTS, quoteIdentifier, type SqlDialect, sqlLiteral } from './sql-dialect';

/** A boolean SQL expression true exactly for the rows a condition counts (never for a null value, save is-null). */
export function renderCondition(condition: Condition, dialect: SqlDialect): string {
  const ops = DIALECTS[dialect];
  switch (condition.type) {
    case 'is-null':
      return `${quoteIdentifier(condition.column)} IS NULL`;
    case 'is-empty':
      return `${ops.asText(quoteIdentifier(condition.column))} = ''`;
    case 'in-set': {
      const column = quoteIdentifier(condition.column);
      const list = condition.values.length === 0 ? 'NULL' : condition.values.map(literalFor).join(', ');
      return `(${column} IS NOT NULL AND ${condition.negate ? 'NOT ' : ''}(${ops.asText(column)} IN (${list})))`;
    }
    case 'missing': {
      const column = quoteIdentifier(condition.column);
      if (condition.values.length === 0) return `${column} IS NULL`;
      return `(${column} IS NULL OR ${ops.asText(column)} IN (${condition.values.map(literalFor).join(', ')}))`;
    }
    case 'matches': {
      const column = quoteIdentifier(condition.column);
      const test = ops.regexMatches(ops.asText(column), condition.pattern);
      return `(${column} IS NOT NULL AND ${condition.negate ? 'NOT ' : ''}(${test}))`;
    }
    case 'compare':
      return `${quoteIdentifier(condition.column)} ${condition.operator} ${ops.bound(condition.value, condition.valueType)}`;
    case 'length':
      return `length(${ops.asText(quoteIdentifier(condition.column))}) ${condition.operator} ${sqlLiteral(condition.value)}`;
    case 'any':
      return `(${condition.conditions.map((inner) => renderCondition(inner, dialect)).join(' OR ')})`;
  }
}

/** Set members compare as text, so a contract's `[1, 2]` matches an integer column and a text one alike. */
function literalFor(value: string | number | boolean): string {
  return sqlLiteral(String(value));
}
