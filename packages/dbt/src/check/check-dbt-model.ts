import { logicalTypeOf } from '@charter/contracts';
import { isDataTypeCompatible } from '../adapter/canonical-data-type';
import { type DbtAdapter, ENFORCED_CONSTRAINTS, isDbtAdapter } from '../adapter/dbt-adapter';
import type { DbtColumn, DbtModel } from '../manifest/dbt-manifest';
import type { AcceptedValue, PlannedColumn, PlannedModel } from '../model/plan-dbt-model';
import type { DbtCheckResult } from './dbt-check-result';

export interface CheckDbtModelOptions {
  model: DbtModel;
  plan: PlannedModel;
  /** The manifest's adapter_type; data types are compared by logical type when Charter has no mapping for it. */
  adapter?: string;
  /** The catalog's columns of this model (lower-cased names); undefined: no catalog given. null: not in the catalog. */
  built?: ReadonlyMap<string, { name: string; type: string }> | null;
}

/**
 * Every check of one model against its planned contract model: contract enforced, each contracted column present,
 * of a compatible data_type, with the constraints or tests the contract requires (not_null, unique, primary_key,
 * accepted_values); extra columns as warnings; and with a catalog, each column's type as built.
 */
export function checkDbtModel(options: CheckDbtModelOptions): DbtCheckResult[] {
  const { model, plan, built } = options;
  const adapter = options.adapter && isDbtAdapter(options.adapter) ? options.adapter : undefined;
  const label = model.label;
  const contract = plan.contract.id;
  const meta = (property?: string) => ({
    contract,
    object: plan.object,
    model: label,
    ...(property ? { property } : {}),
  });
  const results: DbtCheckResult[] = [];
  const add = (
    id: string,
    success: boolean,
    expectation: [string, Record<string, unknown>],
    failure: string,
    extra: { property?: string; observed?: unknown; severity?: 'error' | 'warning' } = {},
  ) =>
    results.push({
      id: `model.${label}.${id}`,
      success,
      severity: extra.severity ?? 'error',
      expectation_config: { expectation_type: expectation[0], kwargs: expectation[1] },
      result: extra.observed === undefined ? {} : { observed_value: extra.observed },
      ...(success ? {} : { message: failure }),
      meta: meta(extra.property),
    });

  add(
    'contract',
    model.contractEnforced,
    ['expect_dbt_model_contract_enforced', { model: label }],
    `${label}: contract enforcement is off (config.contract.enforced is not true); contract ${contract} requires it`,
    { observed: model.contractEnforced },
  );

  const declared = new Map(model.columns.map((column) => [column.name.toLowerCase(), column]));
  for (const planned of plan.columns) {
    const at = `${label}.${planned.name}`;
    const column = declared.get(planned.name.toLowerCase());
    const expected = planned.dataType ?? planned.logicalType ?? 'any';
    add(
      `${planned.name}.exists`,
      column !== undefined,
      ['expect_column_to_exist', { column: planned.name }],
      `${at}: column missing (contract ${contract} requires it)`,
      { property: planned.name },
    );
    if (column) {
      const found = column.dataType;
      add(
        `${planned.name}.type`,
        found !== undefined && typeMatches(planned, found, adapter),
        ['expect_column_values_to_be_of_type', { column: planned.name, type_: expected }],
        `${at}: expected ${expected}, found ${found ?? 'no data_type'}`,
        { property: planned.name, observed: found ?? null },
      );
      checkConstraints(planned, column, model, adapter, plan, (id, success, expectation, failure, severity) =>
        add(`${planned.name}.${id}`, success, expectation, `${at}: ${failure}`, { property: planned.name, severity }),
      );
    }
    if (built) {
      const actual = built.get(planned.name.toLowerCase());
      add(
        `${planned.name}.built_type`,
        actual !== undefined && typeMatches(planned, actual.type, adapter),
        ['expect_column_values_to_be_of_type', { column: planned.name, type_: expected, source: 'catalog' }],
        actual
          ? `${at}: expected ${expected}, found ${actual.type} in the warehouse (catalog)`
          : `${at}: column missing in the warehouse (catalog)`,
        { property: planned.name, observed: actual?.type ?? null },
      );
    }
  }

  if (plan.primaryKey.length > 1) {
    const wanted = [...plan.primaryKey].map((name) => name.toLowerCase()).sort();
    const declaredKey = model.constraints.some(
      (constraint) =>
        constraint.type === 'primary_key' &&
        sameSet(
          (constraint.columns ?? []).map((name) => name.toLowerCase()),
          wanted,
        ),
    );
    add(
      'primary_key',
      declaredKey,
      ['expect_dbt_primary_key_constraint', { columns: plan.primaryKey }],
      `${label}: primary_key (${plan.primaryKey.join(', ')}) dropped (contract ${contract} declares this composite key)`,
    );
  }

  const contracted = new Set(plan.columns.map((column) => column.name.toLowerCase()));
  for (const column of model.columns) {
    if (contracted.has(column.name.toLowerCase())) continue;
    add(
      `${column.name}.extra`,
      false,
      ['expect_table_columns_to_match_set', { column_set: plan.columns.map((planned) => planned.name) }],
      `${label}.${column.name}: extra column, not in contract ${contract}`,
      { observed: column.name, severity: 'warning' },
    );
  }

  if (built === null) {
    add(
      'built',
      false,
      ['expect_dbt_model_built', { model: label }],
      `${label}: not in the catalog (not built, or the catalog is older than the manifest)`,
      { severity: 'warning' },
    );
  }
  return results;
}

type AddConstraint = (
  id: string,
  success: boolean,
  expectation: [string, Record<string, unknown>],
  failure: string,
  severity?: 'error' | 'warning',
) => void;

function checkConstraints(
  planned: PlannedColumn,
  column: DbtColumn,
  model: DbtModel,
  adapter: DbtAdapter | undefined,
  plan: PlannedModel,
  add: AddConstraint,
): void {
  const name = planned.name.toLowerCase();
  const enforces = (type: 'not_null' | 'unique' | 'primary_key') => !adapter || ENFORCED_CONSTRAINTS[adapter].has(type);
  const covering = model.constraints.filter((constraint) =>
    (constraint.columns ?? []).some((covered) => covered.toLowerCase() === name),
  );
  // A model-level unique over several columns makes no single column unique; every other covering type counts.
  const constraintTypes = new Set([
    ...column.constraints.map((constraint) => constraint.type),
    ...covering
      .filter((constraint) => constraint.type !== 'unique' || constraint.columns!.length === 1)
      .map((constraint) => constraint.type),
  ]);
  const singleKey =
    column.constraints.some((constraint) => constraint.type === 'primary_key') ||
    covering.some((constraint) => constraint.type === 'primary_key' && constraint.columns!.length === 1);
  const tests = model.tests.filter((test) => !test.namespace && test.column?.toLowerCase() === name);
  const hasTest = (testName: string) => tests.some((test) => test.name === testName);
  const contract = plan.contract.id;

  if (planned.required) {
    const held =
      constraintTypes.has('not_null') ||
      hasTest('not_null') ||
      (constraintTypes.has('primary_key') && enforces('primary_key'));
    add(
      'not_null',
      held,
      ['expect_column_values_to_not_be_null', { column: planned.name }],
      `not_null dropped (contract ${contract} requires a value; declare a not_null constraint or test)`,
    );
  }
  if (planned.unique) {
    const held =
      hasTest('unique') ||
      (constraintTypes.has('unique') && enforces('unique')) ||
      (singleKey && enforces('primary_key'));
    add(
      'unique',
      held,
      ['expect_column_values_to_be_unique', { column: planned.name }],
      `unique dropped (contract ${contract} requires unique values; declare a unique ${adapter && !enforces('unique') ? 'test' : 'constraint or test'})`,
    );
  }
  if (planned.primaryKey && plan.primaryKey.length === 1) {
    add(
      'primary_key',
      singleKey,
      ['expect_dbt_primary_key_constraint', { columns: [planned.name] }],
      `primary_key dropped (contract ${contract} declares it the primary key)`,
    );
  }
  if (planned.acceptedValues) {
    const allowed = planned.acceptedValues.values;
    const declared = tests.filter((test) => test.name === 'accepted_values');
    const outside = declared.map((test) => valuesOutside(test.kwargs.values, allowed));
    const held = outside.some((values) => values !== undefined && values.length === 0);
    const loosest = outside.find((values) => values !== undefined && values.length > 0);
    add(
      'accepted_values',
      held,
      ['expect_column_values_to_be_in_set', { column: planned.name, value_set: allowed }],
      declared.length === 0
        ? `accepted_values dropped (contract ${contract} allows only ${allowed.join(', ')})`
        : `accepted_values allows ${(loosest ?? ['?']).map(String).join(', ')}, not allowed by contract ${contract} (${allowed.join(', ')})`,
      planned.acceptedValues.strict ? 'error' : 'warning',
    );
  }
}

/** The values a test accepts beyond the contract's; undefined when the test names no value list. */
function valuesOutside(values: unknown, allowed: readonly AcceptedValue[]): unknown[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const permitted = new Set(allowed.map((value) => String(value)));
  return values.filter((value) => !permitted.has(String(value)));
}

function typeMatches(planned: PlannedColumn, found: string, adapter: DbtAdapter | undefined): boolean {
  if (adapter && planned.dataType) return isDataTypeCompatible(planned.dataType, found, adapter);
  // No mapping for this adapter: compare what the types hold; a name Charter does not know is not a mismatch.
  const logical = logicalTypeOf(found);
  if (logical === undefined) return true;
  if (planned.logicalType === 'object' || planned.logicalType === 'array')
    return logical === 'object' || logical === 'array';
  return logical === planned.logicalType;
}

function sameSet(a: string[], b: string[]): boolean {
  const left = [...a].sort();
  return left.length === b.length && left.every((value, index) => value === b[index]);
}
