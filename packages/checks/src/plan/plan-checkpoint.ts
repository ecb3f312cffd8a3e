import type { Contract, LogicalType } from '@charter/contracts';
import type { BoundType, CheckPlan, Condition, FieldRef, MetricCheck, PlannedCheck, SchemaCheck } from './check-plan';
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
  /** For a property nested in an object property: the top-level column and the keys of its ancestors below it. */
  parent?: { column: string; path: string[] };
}

function planProperty(property: Json, scope: PropertyScope): PlannedCheck[] {
  const name = property.name as string;
  const column = scope.parent?.column ?? name;
  const path = scope.parent === undefined ? undefined : [...scope.parent.path, name];
  const field: FieldRef = path === undefined ? { column } : { column, path };
  const nested = path === undefined ? {} : { path };
  /** What results and messages call the property: `shipping_address.city`. */
  const display = [column, ...(path ?? [])].join('.');
  const logicalType = property.logicalType as LogicalType | undefined;
  const physicalType = property.physicalType as string | undefined;
  const meta = { contract: scope.contract, object: scope.object, property: display };
  const schema: SchemaCheck = {
    kind: 'schema',
    id: `schema.${display}`,
    severity: 'error',
    expectation: {
      expectation_type: 'expect_column_to_exist',
      kwargs: { column: display, ...(logicalType === undefined ? {} : { type: logicalType }) },
    },
    meta,
    columns: path === undefined ? [] : [column],
    ...nested,
    column,
    ...(logicalType === undefined ? {} : { logicalType }),
    ...(physicalType === undefined ? {} : { physicalType }),
  };
  const checks: PlannedCheck[] = [schema];
  // A value of the wrong type is listed as its text, whatever type the property wants.
  const exampleAs = (suffix: string) =>
    path === undefined
      ? {}
      : { as: suffix !== 'type' && isNumeric(logicalType) ? ('number' as const) : ('text' as const) };
  const constraint = (
    suffix: string,
    expectation_type: string,
    kwargs: Json,
    condition: Condition,
    withExamples = true,
  ): MetricCheck => ({
    kind: 'metric',
    id: `${display}.${suffix}`,
    severity: 'error',
    expectation: { expectation_type, kwargs: { column: display, ...kwargs } },
    meta,
    columns: [column],
    ...nested,
    measure: { type: 'count-where', condition },
    observe: 'count',
    threshold: { operator: 'mustBe', value: 0 },
    ...(withExamples ? { examples: { type: 'rows', ...field, condition, ...exampleAs(suffix) } } : {}),
  });
  if (path !== undefined && logicalType !== undefined) {
    // A JSON value's type is only known row by row; a struct field's is its static type (the schema check's).
    checks.push(
      constraint(
        'type',
        'expect_column_values_to_be_of_type',
        { type_: logicalType },
        { type: 'wrong-type', column, path, logicalType },
      ),
    );
  }
  if (property.required === true) {
    checks.push(
      constraint('not_null', 'expect_column_values_to_not_be_null', {}, { type: 'is-null', ...field }, false),
    );
    if (logicalType === 'string') {
      checks.push(
        constraint(
          'not_empty',
          'expect_column_values_to_not_be_in_set',
          { value_set: [''] },
          { type: 'is-empty', ...field },
          false,
        ),
      );
    }
  }
  if (property.unique === true || scope.isSoleKey) {
    checks.push({
      kind: 'metric',
      id: `${display}.unique`,
      severity: 'error',
      expectation: { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: display } },
      meta,
      columns: [column],
      ...nested,
      measure: { type: 'duplicates', columns: [column], ...nested },
      observe: 'count',
      threshold: { operator: 'mustBe', value: 0 },
      examples: { type: 'duplicates', columns: [column], ...nested },
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
      if (boundType !== 'number' && path !== undefined) {
        throw new CheckPlanError(
          'unsupported-check',
          `${scope.path}.logicalTypeOptions.${option}: ${boundType} bounds on a nested property are not checked ` +
            '(JSON holds dates as text, which PostgreSQL 15 cannot cast without failing the scan)',
        );
      }
      const strictKwarg = kwarg === 'min_value' ? 'strict_min' : 'strict_max';
      checks.push(
        constraint(
          snake(option),
          'expect_column_values_to_be_between',
          { [kwarg]: value, [strictKwarg]: strict },
          { type: 'compare', ...field, operator, value: value as number | string, valueType: boundType },
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
          { type: 'length', ...field, operator, value: value as number },
        ),
      );
    }
    if (typeof options.pattern === 'string') {
      checks.push(
        constraint(
          'pattern',
          'expect_column_values_to_match_regex',
          { regex: options.pattern },
          { type: 'matches', ...field, pattern: options.pattern, negate: true },
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
          { type: 'matches', ...field, pattern: STRING_FORMATS[format]!, negate: true },
        ),
      );
    }
  }
  ((property.quality ?? []) as Json[]).forEach((rule, ruleIndex) => {
    const check = planQualityRule(rule, {
      contract: scope.contract,
      object: scope.object,
      column,
      ...(path === undefined ? {} : { keys: path, ...(isNumeric(logicalType) ? { numeric: true } : {}) }),
      path: `${scope.path}.quality[${ruleIndex}]`,
      index: ruleIndex,
    });
    if (check) checks.push(check);
  });
  // Arrays of objects (`items`) are checked as their column: one row holds many values, which one scan's counts of
  // rows cannot say without unnesting.
  if (logicalType === 'object' || (logicalType === undefined && Array.isArray(property.properties))) {
    ((property.properties ?? []) as Json[]).forEach((child, childIndex) => {
      checks.push(
        ...planProperty(child, {
          contract: scope.contract,
          object: scope.object,
          path: `${scope.path}.properties[${childIndex}]`,
          isSoleKey: false,
          parent: { column, path: path ?? [] },
        }),
      );
    });
  }
  return checks;
}

function isNumeric(logicalType: LogicalType | undefined): boolean {
  return logicalType === 'integer' || logicalType === 'number';
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
