import type { Condition } from '../plan';
import { type ColumnTypes, fieldAccess } from './field-access';
import { DIALECTS, type SqlDialect, sqlLiteral } from './sql-dialect';

/**
 * A boolean SQL expression true exactly for the rows a condition counts (never for a null value, save is-null and
 * missing). A nested field is read through its column's type (`types`, from the source); its null tests hold only
 * where every ancestor is present.
 */
export function renderCondition(condition: Condition, dialect: SqlDialect, types?: ColumnTypes): string {
  const ops = DIALECTS[dialect];
  if (condition.type === 'any') {
    return `(${condition.conditions.map((inner) => renderCondition(inner, dialect, types)).join(' OR ')})`;
  }
  const field = fieldAccess(condition, dialect, types);
  const guarded = (test: string) =>
    field.ancestorsPresent === 'TRUE' ? test : `(${field.ancestorsPresent} AND ${test})`;
  const present = field.isNotNull;
  switch (condition.type) {
    case 'is-null':
      return guarded(field.isNull);
    case 'is-empty':
      return `${field.text} = ''`;
    case 'in-set': {
      const list = condition.values.length === 0 ? 'NULL' : condition.values.map(literalFor).join(', ');
      return `(${present} AND ${condition.negate ? 'NOT ' : ''}(${field.text} IN (${list})))`;
    }
    case 'missing': {
      if (condition.values.length === 0) return guarded(field.isNull);
      return guarded(`(${field.isNull} OR ${field.text} IN (${condition.values.map(literalFor).join(', ')}))`);
    }
    case 'matches': {
      const test = ops.regexMatches(field.text, condition.pattern);
      return `(${present} AND ${condition.negate ? 'NOT ' : ''}(${test}))`;
    }
    case 'compare': {
      const value = condition.valueType === 'number' ? field.number : field.value;
      return `${value} ${condition.operator} ${ops.bound(condition.value, condition.valueType)}`;
    }
    case 'length':
      return `length(${field.text}) ${condition.operator} ${sqlLiteral(condition.value)}`;
    case 'wrong-type':
      return field.wrongType(condition.logicalType);
  }
}

/** Set members compare as text, so a contract's `[1, 2]` matches an integer column and a text one alike. */
function literalFor(value: string | number | boolean): string {
  return sqlLiteral(String(value));
}
