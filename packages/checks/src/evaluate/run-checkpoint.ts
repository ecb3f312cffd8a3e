import { isReportedTypeCompatible, logicalTypeOf } from '@charter/contracts';
import {
  type CheckPlan,
  describeThreshold,
  type MetricCheck,
  type PlannedCheck,
  type SchemaCheck,
  type SqlRuleCheck,
  satisfiesThreshold,
} from '../plan';
import { type CheckResult, type CheckRunDocument, createCheckRun, PARTIAL_UNEXPECTED_LIMIT } from '../report';
import { buildExamplesQuery, buildMetricsQuery, measureKey, resolveField } from '../sql';
import { type CheckSource, isCheckSourceError, type SourceColumn } from './check-source';

export interface RunCheckpointOptions {
  plan: CheckPlan;
  source: CheckSource;
  /** The run's clock for SLA ages (`--now` makes a run reproducible). */
  now: Date;
  runId: string;
  /** Wall clock for started_at/finished_at; defaults to `new Date()`. */
  clock?: () => Date;
}

/**
 * Evaluates a plan against a source: the schema from the source's columns, every column metric from ONE aggregate
 * query, examples only for failed checks (bounded), then each sql rule. A source failure outside a sql rule
 * (connection, missing table, timeout of the scan) propagates as a CheckSourceError; a sql rule's failure becomes
 * that result's exception_info.
 */
export async function runCheckpoint(options: RunCheckpointOptions): Promise<CheckRunDocument> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const { plan, source } = options;
  const columns = await source.describeColumns();
  const byName = new Map(columns.map((column) => [column.name, column]));
  const columnTypes = new Map(columns.map((column) => [column.name, column.type]));
  const results = new Map<PlannedCheck, CheckResult>();
  /** Why a column (by name) or a nested field (by fieldKey) cannot be checked. */
  const unusable = new Map<string, string>();

  const notEvaluated = (check: PlannedCheck): CheckResult | undefined => {
    // A nested check waits on its own field and every field above it (address.geo for address.geo.lat).
    const nestedKeys = (check.path ?? []).map((_, depth) =>
      fieldKey(check.columns[0]!, check.path!.slice(0, depth + 1)),
    );
    const column =
      check.columns.find((name) => unusable.has(name) || (!byName.has(name) && check.kind === 'metric')) ??
      nestedKeys.find((key) => unusable.has(key));
    if (column === undefined) return undefined;
    return {
      ...resultBase(check),
      success: false,
      result: {},
      exception_info: {
        code: 'column-unusable',
        message: `not evaluated: ${unusable.get(column) ?? `${plan.object}.${column}: column missing`}`,
      },
      message: `${check.id} not evaluated: ${unusable.get(column) ?? `column ${column} missing`}`,
    };
  };

  // In plan order: a nested property's parent is decided before its children.
  for (const check of plan.checks) {
    if (check.kind !== 'schema') continue;
    if (check.path === undefined) {
      const result = evaluateSchema(plan, check, byName.get(check.column));
      if (!result.success) unusable.set(check.column, result.message!);
      results.set(check, result);
      continue;
    }
    const skipped = notEvaluated(check);
    const result =
      skipped ?? evaluateNestedSchema(plan, check, check.path, source.dialect, columnTypes.get(check.column)!);
    if (!result.success) unusable.set(fieldKey(check.column, check.path), result.message ?? '');
    results.set(check, result);
  }

  const metrics: MetricCheck[] = [];
  for (const check of plan.checks) {
    if (check.kind !== 'metric') continue;
    const skipped = notEvaluated(check);
    if (skipped) results.set(check, skipped);
    else metrics.push(check);
  }
  const query = buildMetricsQuery({
    relation: source.relation,
    measures: metrics.map((check) => check.measure),
    dialect: source.dialect,
    columnTypes,
  });
  const [row = {}] = await source.queryRows(query.sql);
  const rowCount = toNumber(row.row_count) ?? 0;
  for (const check of metrics) {
    const value = row[query.aliases.get(measureKey(check.measure))!];
    const result = evaluateMetric(plan, check, value, rowCount, options.now);
    if (!result.success && check.examples !== undefined) {
      const examples = await source.queryRows(
        buildExamplesQuery({
          relation: source.relation,
          examples: check.examples,
          dialect: source.dialect,
          columnTypes,
        }),
      );
      result.result.partial_unexpected_list = examples
        .slice(0, PARTIAL_UNEXPECTED_LIMIT)
        .map((example) => (check.examples!.type === 'rows' ? example.value : example));
    }
    results.set(check, result);
  }

  for (const check of plan.checks) {
    if (check.kind !== 'sql') continue;
    results.set(check, notEvaluated(check) ?? (await evaluateSqlRule(check, source)));
  }

  return createCheckRun({
    kind: 'checkpoint',
    runId: options.runId,
    startedAt,
    finishedAt: clock(),
    contract: plan.contract,
    source: { type: source.type, name: source.name },
    results: plan.checks.map((check) => results.get(check)!),
  });
}

function resultBase(check: PlannedCheck): Pick<CheckResult, 'id' | 'severity' | 'expectation_config' | 'meta'> {
  return { id: check.id, severity: check.severity, expectation_config: check.expectation, meta: check.meta };
}

function evaluateSchema(plan: CheckPlan, check: SchemaCheck, column: SourceColumn | undefined): CheckResult {
  const where = `${plan.object}.${check.column}`;
  if (column === undefined) {
    return {
      ...resultBase(check),
      success: false,
      result: { observed_value: null },
      message: `${where}: column missing`,
    };
  }
  const reported = logicalTypeOf(column.type);
  const success = isReportedTypeCompatible(check, reported);
  const expected = check.logicalType ?? check.physicalType ?? 'any type';
  return {
    ...resultBase(check),
    success,
    result: { observed_value: column.type },
    ...(success ? {} : { message: `${where}: expected ${expected}, found ${column.type}` }),
  };
}

/**
 * A nested property's schema: a STRUCT must have the field, of a compatible type; a JSON value (jsonb, json, DuckDB
 * JSON) can hold any field, so its presence and type are checked row by row (`.not_null`, `.type`).
 */
function evaluateNestedSchema(
  plan: CheckPlan,
  check: SchemaCheck,
  path: string[],
  dialect: CheckSource['dialect'],
  columnType: string,
): CheckResult {
  const where = `${plan.object}.${[check.column, ...path].join('.')}`;
  const resolved = resolveField({ column: check.column, path }, dialect, columnType);
  if ('problem' in resolved) {
    return {
      ...resultBase(check),
      success: false,
      result: { observed_value: null },
      message: `${plan.object}.${resolved.message}`,
    };
  }
  if (resolved.kind === 'json')
    return { ...resultBase(check), success: true, result: { observed_value: resolved.type } };
  const success = isReportedTypeCompatible(check, logicalTypeOf(resolved.type));
  const expected = check.logicalType ?? check.physicalType ?? 'any type';
  return {
    ...resultBase(check),
    success,
    result: { observed_value: resolved.type },
    ...(success ? {} : { message: `${where}: expected ${expected}, found ${resolved.type}` }),
  };
}

/** The key a nested field is known by among unusable columns: not a column name (those cannot hold U+0000). */
function fieldKey(column: string, path: string[]): string {
  return [column, ...path].join('\u0000');
}

function evaluateMetric(plan: CheckPlan, check: MetricCheck, value: unknown, rows: number, now: Date): CheckResult {
  const where = `${plan.object}${check.meta.property === undefined ? '' : `.${check.meta.property}`}`;
  const count = toNumber(value);
  const rule = describeThreshold(check.threshold);
  if (check.measure.type === 'row-count') {
    const success = satisfiesThreshold(rows, check.threshold);
    return {
      ...resultBase(check),
      success,
      result: { observed_value: rows },
      ...(success ? {} : { message: `${where}: ${rows} rows; row count ${rule}` }),
    };
  }
  if (check.observe === 'age-seconds') {
    const age = count === undefined ? null : Math.round((now.getTime() / 1000 - count) * 1000) / 1000;
    const success = age !== null && satisfiesThreshold(age, check.threshold);
    const message =
      age === null
        ? `${where}: no rows, so no newest value; age ${rule} seconds`
        : `${where}: newest value is ${age} s old at ${now.toISOString()}; age ${rule} seconds`;
    return {
      ...resultBase(check),
      success,
      result: { observed_value: age, element_count: rows },
      ...(success ? {} : { message }),
    };
  }
  const unexpected = count ?? 0;
  const percent = rows === 0 ? 0 : (unexpected / rows) * 100;
  const observed = check.observe === 'percent' ? round(percent) : unexpected;
  const success = satisfiesThreshold(observed, check.threshold);
  const observedText =
    check.observe === 'percent'
      ? `${round(percent)}% of ${rows} rows`
      : `${unexpected} of ${rows} rows (${round(percent)}%)`;
  return {
    ...resultBase(check),
    success,
    result: {
      observed_value: observed,
      element_count: rows,
      unexpected_count: unexpected,
      unexpected_percent: round(percent),
    },
    ...(success ? {} : { message: `${where}: ${observedText} unexpected for ${check.id}; ${rule}${unitOf(check)}` }),
  };
}

async function evaluateSqlRule(check: SqlRuleCheck, source: CheckSource): Promise<CheckResult> {
  const where = `${check.meta.object}${check.meta.property === undefined ? '' : `.${check.meta.property}`}`;
  try {
    const value = await source.runRule(check.query);
    const success = satisfiesThreshold(value, check.threshold);
    return {
      ...resultBase(check),
      success,
      result: { observed_value: value },
      ...(success
        ? {}
        : {
            message: `${where}: ${check.id} returned ${JSON.stringify(value)}; ${describeThreshold(check.threshold)}`,
          }),
    };
  } catch (error) {
    if (!isCheckSourceError(error)) throw error;
    return {
      ...resultBase(check),
      success: false,
      result: {},
      exception_info: { code: error.code, message: error.message },
      message: `${where}: ${check.id} could not be evaluated: ${error.message}`,
    };
  }
}

function unitOf(check: MetricCheck): string {
  return check.observe === 'percent' ? ' percent' : ' rows';
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
