import type { CheckSeverity } from '../report';
import { quoteIdentifier } from '../sql/sql-dialect';
import type { Condition, MetricCheck, PlannedCheck } from './check-plan';
import { CheckPlanError } from './check-plan.errors';
import { readThreshold } from './threshold';

/** ODCS 3.1's library metrics, the only names a `library` rule may use. */
export const LIBRARY_METRICS = ['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount'] as const;

export interface QualityRuleScope {
  contract: string;
  object: string;
  /** The property the rule sits on (for a nested property, its top-level column); absent for a rule on the object. */
  column?: string;
  /** A nested property's keys below `column`: `shipping_address` → `["city"]`. */
  keys?: string[];
  /** A nested property holding numbers: its examples are listed as numbers, not text. */
  numeric?: boolean;
  /** Where the rule is in the document, for messages: `schema[0].properties[2].quality[0]`. */
  path: string;
  index: number;
}

/**
 * The check for one ODCS quality rule, or undefined for rules that only describe (`text`) or name another engine
 * (`custom`). An unknown metric, a missing operator or argument is a CheckPlanError: a rule is never passed silently.
 */
export function planQualityRule(rule: Record<string, unknown>, scope: QualityRuleScope): PlannedCheck | undefined {
  const metric = rule.metric ?? rule.rule;
  const type = (rule.type as string | undefined) ?? (metric === undefined ? 'text' : 'library');
  if (type === 'text' || type === 'custom') return undefined;
  const name = ruleName(rule, scope.index);
  const keys = scope.keys;
  const nested = keys === undefined ? {} : { path: keys };
  const display = scope.column === undefined ? undefined : [scope.column, ...(keys ?? [])].join('.');
  const id = `${display === undefined ? '' : `${display}.`}quality.${name}`;
  const severity = readSeverity(rule.severity);
  const threshold = readThreshold(rule, scope.path);
  const meta = {
    contract: scope.contract,
    object: scope.object,
    ...(display === undefined ? {} : { property: display }),
    rule: name,
  };
  if (type === 'sql') {
    if (typeof rule.query !== 'string' || rule.query.trim() === '') {
      throw new CheckPlanError('invalid-rule', `${scope.path}: a sql rule needs a query`);
    }
    if (keys !== undefined && /\$?\{(property|column)\}/.test(rule.query)) {
      throw new CheckPlanError(
        'unsupported-check',
        `${scope.path}: {property} names a column, and ${display} is nested in one; write the JSON path in the query`,
      );
    }
    const query = substitutePlaceholders(rule.query, scope.object, scope.column);
    return {
      kind: 'sql',
      id,
      severity,
      expectation: { expectation_type: 'expect_sql_query_result', kwargs: { query, ...thresholdKwargs(threshold) } },
      meta,
      columns: scope.column === undefined ? [] : [scope.column],
      ...nested,
      query,
      threshold,
    };
  }
  if (type !== 'library') throw new CheckPlanError('invalid-rule', `${scope.path}: unknown rule type "${type}"`);
  if (typeof metric !== 'string' || !(LIBRARY_METRICS as readonly string[]).includes(metric)) {
    throw new CheckPlanError(
      'unknown-metric',
      `${scope.path}: unknown metric ${JSON.stringify(metric)}; ODCS 3.1 library metrics are ${LIBRARY_METRICS.join(', ')}`,
    );
  }
  const unit = readUnit(rule.unit, scope.path);
  const args = (rule.arguments ?? {}) as Record<string, unknown>;
  const base = { id, severity, meta, threshold, observe: unit, ...nested };
  const kwargs = (extra: Record<string, unknown>) => ({ ...extra, ...thresholdKwargs(threshold), unit });
  if (metric === 'rowCount') {
    if (unit === 'percent') throw new CheckPlanError('invalid-rule', `${scope.path}: rowCount is counted in rows`);
    return {
      ...base,
      kind: 'metric',
      columns: [],
      measure: { type: 'row-count' },
      expectation: { expectation_type: 'expect_table_row_count_to_be_between', kwargs: kwargs({}) },
    } satisfies MetricCheck;
  }
  if (metric === 'duplicateValues') {
    const columns = scope.column === undefined ? readColumns(args.properties, scope.path) : [scope.column];
    const expectation =
      columns.length === 1
        ? { expectation_type: 'expect_column_values_to_be_unique', kwargs: kwargs({ column: display ?? columns[0] }) }
        : { expectation_type: 'expect_compound_columns_to_be_unique', kwargs: kwargs({ column_list: columns }) };
    return {
      ...base,
      kind: 'metric',
      columns,
      measure: { type: 'duplicates', columns, ...nested },
      expectation,
      examples: { type: 'duplicates', columns, ...nested },
    } satisfies MetricCheck;
  }
  const column = scope.column;
  if (column === undefined) {
    throw new CheckPlanError(
      'invalid-rule',
      `${scope.path}: ${metric} is a property metric; put the rule on a property`,
    );
  }
  let condition: Condition;
  let expectation: MetricCheck['expectation'];
  if (metric === 'nullValues') {
    condition = { type: 'is-null', column, ...nested };
    expectation = { expectation_type: 'expect_column_values_to_not_be_null', kwargs: kwargs({ column: display }) };
  } else if (metric === 'missingValues') {
    const values = readValues(args.missingValues ?? [null], `${scope.path}.arguments.missingValues`).filter(
      (value) => value !== null,
    );
    condition = { type: 'missing', column, ...nested, values };
    expectation = {
      expectation_type: 'expect_column_values_to_not_be_in_set',
      kwargs: kwargs({ column: display, value_set: [null, ...values] }),
    };
  } else {
    const conditions: Condition[] = [];
    if (args.validValues !== undefined) {
      const values = readValues(args.validValues, `${scope.path}.arguments.validValues`);
      conditions.push({ type: 'in-set', column, ...nested, values: values.filter((v) => v !== null), negate: true });
    }
    if (args.pattern !== undefined) {
      if (typeof args.pattern !== 'string') {
        throw new CheckPlanError('invalid-rule', `${scope.path}.arguments.pattern must be a string`);
      }
      conditions.push({ type: 'matches', column, ...nested, pattern: args.pattern, negate: true });
    }
    if (conditions.length === 0) {
      throw new CheckPlanError('invalid-rule', `${scope.path}: invalidValues needs arguments.validValues or pattern`);
    }
    condition = conditions.length === 1 ? conditions[0]! : { type: 'any', conditions };
    expectation = {
      expectation_type:
        args.validValues === undefined ? 'expect_column_values_to_match_regex' : 'expect_column_values_to_be_in_set',
      kwargs: kwargs({
        column: display,
        ...(args.validValues === undefined ? {} : { value_set: args.validValues }),
        ...(args.pattern === undefined ? {} : { regex: args.pattern }),
      }),
    };
  }
  return {
    ...base,
    kind: 'metric',
    columns: [column],
    measure: { type: 'count-where', condition },
    expectation,
    ...(metric === 'nullValues'
      ? {}
      : {
          examples: {
            type: 'rows',
            column,
            ...nested,
            condition,
            ...(keys === undefined ? {} : { as: scope.numeric ? ('number' as const) : ('text' as const) }),
          },
        }),
  } satisfies MetricCheck;
}

/** `{object}`/`{property}` (and the spec example's `${table}`/`${column}`) as double-quoted identifiers. */
export function substitutePlaceholders(query: string, object: string, column: string | undefined): string {
  return query.replace(/\$?\{(object|table|property|column)\}/g, (placeholder, name: string) => {
    if (name === 'object' || name === 'table') return quoteIdentifier(object);
    if (column === undefined) {
      throw new CheckPlanError('invalid-rule', `${placeholder} is only defined in a rule on a property`);
    }
    return quoteIdentifier(column);
  });
}

export function readSeverity(severity: unknown): CheckSeverity {
  return typeof severity === 'string' && /^(warn|warning|info)$/i.test(severity) ? 'warning' : 'error';
}

function ruleName(rule: Record<string, unknown>, index: number): string {
  const name = (rule.id ?? rule.name) as string | undefined;
  return name === undefined ? String(index) : name.replace(/[^A-Za-z0-9_-]+/g, '_');
}

function readUnit(unit: unknown, path: string): 'count' | 'percent' {
  if (unit === undefined || unit === 'rows' || unit === 'row') return 'count';
  if (unit === 'percent' || unit === '%') return 'percent';
  throw new CheckPlanError('invalid-rule', `${path}: unit ${JSON.stringify(unit)} is neither rows nor percent`);
}

function readValues(values: unknown, path: string): Array<string | number | boolean | null> {
  const ok = (value: unknown) =>
    value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
  if (!Array.isArray(values) || !values.every(ok)) {
    throw new CheckPlanError('invalid-rule', `${path} must be a list of strings, numbers, booleans or null`);
  }
  return values as Array<string | number | boolean | null>;
}

function readColumns(properties: unknown, path: string): string[] {
  if (!Array.isArray(properties) || properties.length === 0 || !properties.every((p) => typeof p === 'string')) {
    throw new CheckPlanError(
      'invalid-rule',
      `${path}: duplicateValues on a schema object needs arguments.properties (the columns of the key)`,
    );
  }
  return properties as string[];
}

function thresholdKwargs(threshold: { operator: string; value: unknown }): Record<string, unknown> {
  return { [threshold.operator]: threshold.value };
}
