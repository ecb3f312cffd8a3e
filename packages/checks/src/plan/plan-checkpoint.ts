import type { Contract, LogicalType } from '@charter/contracts';
import type { BoundType, CheckPlan, Condition, MetricCheck, PlannedCheck, SchemaCheck } from './check-plan';
import { CheckPlanError } from './check-plan.errors';
import { planQualityRule } from './plan-quality-rule';
import { planSlaChecks } from './plan-sla-checks';
import { STRING_FORMATS } from './string-formats';

type Json = Record<string, unknown>;

export interface PlanCheckpointOptions {
  contract: Pick<Contract, 'id' | 'version' | 'document'>;
  /** The schema object to check; may be omitted when the contract has only one. */
  object?: string;
}

/**
 * Every check a checkpoint of one schema object runs, in a stable order: per property its schema check, its
 * constraints (required, unique, logicalTypeOptions) and its quality rules; then the object's quality rules; then
 * the freshness/latency SLAs. Pure: nothing here reads data.
 */
export function planCheckpoint(options: PlanCheckpointOptions): CheckPlan {
  const { contract } = options;
  const objects = (contract.document.schema ?? []) as Json[];
  const index = selectObject(objects, options.object, contract.id);
  const object = objects[index]!;
  const objectName = object.name as string;
  const checks: PlannedCheck[] = [];
  const properties = (object.properties ?? []) as Json[];
  const keyCount = properties.filter((property) => property.primaryKey === true).length;
  properties.forEach((property, propertyIndex) => {
    const path = `schema[${index}].properties[${propertyIndex}]`;
    const isSoleKey = property.primaryKey === true && keyCount === 1;
    checks.push(...planProperty(property, { contract: contract.id, object: objectName, path, isSoleKey }));
  });
  ((object.quality ?? []) as Json[]).forEach((rule, ruleIndex) => {
    const check = planQualityRule(rule, {
      contract: contract.id,
      object: objectName,
      path: `schema[${index}].quality[${ruleIndex}]`,
      index: ruleIndex,
    });
    if (check) checks.push(check);
  });
  checks.push(
    ...planSlaChecks({
      slaProperties: (contract.document.slaProperties ?? []) as Json[],
      contract: contract.id,
      object: objectName,
      columns: properties.map((property) => property.name as string),
    }),
  );
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id)) throw new CheckPlanError('invalid-rule', `two checks would share the id "${check.id}"`);
    ids.add(check.id);
  }
  return { contract: { id: contract.id, version: contract.version }, object: objectName, checks };
}

function selectObject(objects: Json[], wanted: string | undefined, contractId: string): number {
  const names = objects.map((object) => object.name as string);
  if (wanted !== undefined) {
    const index = names.indexOf(wanted);
    if (index < 0) {
      throw new CheckPlanError(
        'unknown-object',
        `contract ${contractId} has no schema object "${wanted}" (it has: ${names.join(', ') || 'none'})`,
      );
    }
    return index;
  }
  if (objects.length === 1) return 0;
  throw new CheckPlanError(
    objects.length === 0 ? 'unknown-object' : 'object-required',
    objects.length === 0
      ? `contract ${contractId} has no schema object to check`
      : `contract ${contractId} has ${objects.length} schema objects (${names.join(', ')}): name one with --object`,
  );
}

interface PropertyScope {
  contract: string;
  object: string;
  path: string;
  /** The object's only primary-key property: unique even without `unique: true`. */
  isSoleKey: boolean;
}

function planProperty(property: Json, scope: PropertyScope): PlannedCheck[] {
  const column = property.name as string;
  const logicalType = property.logicalType as LogicalType | undefined;
  const physicalType = property.physicalType as string | undefined;
  const meta = { contract: scope.contract, object: scope.object, property: column };
  const schema: SchemaCheck = {
    kind: 'schema',
    id: `schema.${column}`,
    severity: 'error',
    expectation: {
      expectation_type: 'expect_column_to_exist',
      kwargs: { column, ...(logicalType === undefined ? {} : { type: logicalType }) },
    },
    meta,
    columns: [],
    column,
    ...(logicalType === undefined ? {} : { logicalType }),
    ...(physicalType === undefined ? {} : { physicalType }),
  };
  const checks: PlannedCheck[] = [schema];
  const constraint = (
    suffix: string,
    expectation_type: string,
    kwargs: Json,
    condition: Condition,
    withExamples = true,
  ): MetricCheck => ({
    kind: 'metric',
    id: `${column}.${suffix}`,
    severity: 'error',
    expectation: { expectation_type, kwargs: { column, ...kwargs } },
    meta,
    columns: [column],
    measure: { type: 'count-where', condition },
    observe: 'count',
    threshold: { operator: 'mustBe', value: 0 },
    ...(withExamples ? { examples: { type: 'rows', column, condition } } : {}),
  });
  if (property.required === true) {
    checks.push(constraint('not_null', 'expect_column_values_to_not_be_null', {}, { type: 'is-null', column }, false));
    if (logicalType === 'string') {
      checks.push(
        constraint(
          'not_empty',
          'expect_column_values_to_not_be_in_set',
          { value_set: [''] },
          { type: 'is-empty', column },
          false,
        ),
      );
    }
  }
  if (property.unique === true || scope.isSoleKey) {
    checks.push({
      kind: 'metric',
      id: `${column}.unique`,
      severity: 'error',
      expectation: { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column } },
      meta,
      columns: [column],
      measure: { type: 'duplicates', columns: [column] },
      observe: 'count',
      threshold: { operator: 'mustBe', value: 0 },
      examples: { type: 'duplicates', columns: [column] },
    });
  }
  const options = (property.logicalTypeOptions ?? {}) as Json;
  const boundType: BoundType | undefined =
    logicalType === 'integer' || logicalType === 'number'
      ? 'number'
      : logicalType === 'date'
        ? 'date'
        : logicalType === 'timestamp'
          ? 'timestamp'
          : undefined;
  if (boundType !== undefined) {
    const bounds = [
      ['minimum', '<', 'min_value', false],
      ['exclusiveMinimum', '<=', 'min_value', true],
      ['maximum', '>', 'max_value', false],
      ['exclusiveMaximum', '>=', 'max_value', true],
    ] as const;
    for (const [option, operator, kwarg, strict] of bounds) {
      const value = options[option];
      if (value === undefined) continue;
      if (boundType === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
        throw new CheckPlanError(
          'invalid-rule',
          `${scope.path}.logicalTypeOptions.${option}: expected a ${boundType === 'number' ? 'number' : 'date string'}`,
        );
      }
      const strictKwarg = kwarg === 'min_value' ? 'strict_min' : 'strict_max';
      checks.push(
        constraint(
          snake(option),
          'expect_column_values_to_be_between',
          { [kwarg]: value, [strictKwarg]: strict },
          { type: 'compare', column, operator, value: value as number | string, valueType: boundType },
        ),
      );
    }
  }
  if (logicalType === 'string') {
    for (const [option, operator] of [
      ['minLength', '<'],
      ['maxLength', '>'],
    ] as const) {
      const value = options[option];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || (value as number) < 0) {
        throw new CheckPlanError('invalid-rule', `${scope.path}.logicalTypeOptions.${option}: expected an integer`);
      }
      checks.push(
        constraint(
          snake(option),
          'expect_column_value_lengths_to_be_between',
          { [option === 'minLength' ? 'min_value' : 'max_value']: value },
          { type: 'length', column, operator, value: value as number },
        ),
      );
    }
    if (typeof options.pattern === 'string') {
      checks.push(
        constraint(
          'pattern',
          'expect_column_values_to_match_regex',
          { regex: options.pattern },
          { type: 'matches', column, pattern: options.pattern, negate: true },
        ),
      );
    }
    const format = options.format;
    if (typeof format === 'string' && STRING_FORMATS[format] !== undefined) {
      checks.push(
        constraint(
          'format',
          'expect_column_values_to_match_regex',
          { regex: STRING_FORMATS[format], format },
          { type: 'matches', column, pattern: STRING_FORMATS[format]!, negate: true },
        ),
      );
    }
  }
  ((property.quality ?? []) as Json[]).forEach((rule, ruleIndex) => {
    const check = planQualityRule(rule, {
      contract: scope.contract,
      object: scope.object,
      column,
      path: `${scope.path}.quality[${ruleIndex}]`,
      index: ruleIndex,
    });
    if (check) checks.push(check);
  });
  return checks;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
