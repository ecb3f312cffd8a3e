import type { Contract, LogicalType } from '@charter/contracts';
import { dataTypeForProperty, logicalTypeOfProperty, type TypedProperty } from '../adapter/data-type-for-property';
import type { DbtAdapter } from '../adapter/dbt-adapter';
import { DbtInputError } from '../dbt-errors';

export type AcceptedValue = string | number | boolean;

/** A bound a contract sets on a numeric property (`logicalTypeOptions`), as a SQL comparison. */
export interface ColumnBound {
  operator: '>=' | '>' | '<=' | '<';
  value: number;
}

/** One dbt column a contract property asks for, and what the contract requires of it. */
export interface PlannedColumn {
  /** The column name: the property's physicalName, else its name. */
  name: string;
  description?: string;
  logicalType?: LogicalType;
  /** The adapter's data_type; undefined without an adapter. */
  dataType?: string;
  /** `required: true`, a primary key, or a zero-tolerance nullValues / missingValues rule. */
  required: boolean;
  /** `unique: true`, a single-column primary key, or a zero-tolerance duplicateValues rule. */
  unique: boolean;
  primaryKey: boolean;
  /** From an `invalidValues` library rule with `validValues`; strict when its threshold tolerates no row. */
  acceptedValues?: { values: AcceptedValue[]; strict: boolean };
  bounds: ColumnBound[];
}

/** The dbt model a contract's schema object asks for. */
export interface PlannedModel {
  contract: { id: string; version: string };
  /** The schema object's `name`. */
  object: string;
  /** Whether the contract has more than one schema object (then the model names the object it binds). */
  objectCount: number;
  model: string;
  description?: string;
  columns: PlannedColumn[];
  /** Primary-key columns in primaryKeyPosition order (more than one: a model-level constraint). */
  primaryKey: string[];
}

interface SchemaObjectLike {
  name: string;
  physicalName?: string;
  description?: string;
  properties?: PropertyLike[];
}
interface PropertyLike extends TypedProperty {
  name: string;
  physicalName?: string;
  description?: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
  quality?: QualityLike[];
}
interface QualityLike {
  type?: string;
  metric?: string;
  rule?: string;
  arguments?: { validValues?: unknown[] };
  mustBe?: unknown;
  mustBeLessThan?: unknown;
  mustBeLessOrEqualTo?: unknown;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The schema objects of a contract (ODCS `schema[]`). */
export function contractObjects(contract: Contract): SchemaObjectLike[] {
  return (contract.document.schema ?? []) as SchemaObjectLike[];
}

/** The dbt model name a schema object binds by default: its physicalName, else its name, when a valid identifier. */
export function defaultModelNames(object: { name: string; physicalName?: string }): string[] {
  return [object.physicalName, object.name].filter((name): name is string => !!name && IDENTIFIER.test(name));
}

/**
 * The dbt model a contract's schema object asks for: one column per top-level property (a nested object is one
 * json column), its adapter data_type, and the constraints and tests the contract requires. `object` picks the schema
 * object (needed when the contract has several); `model` overrides the name.
 */
export function planDbtModel(options: {
  contract: Contract;
  object?: string;
  model?: string;
  adapter?: DbtAdapter;
}): PlannedModel {
  const { contract, adapter } = options;
  const objects = contractObjects(contract);
  const object = pickObject(contract, objects, options.object);
  const model = options.model ?? defaultModelNames(object)[0];
  if (!model || !IDENTIFIER.test(model)) {
    throw new DbtInputError(
      'dbt-model-name-invalid',
      `${model ? `"${model}" is not` : `contract ${contract.id} object ${object.name} names no`} valid dbt model name: pass --model <name>`,
      { contract: contract.id, object: object.name },
    );
  }
  const properties = object.properties ?? [];
  const keyed = properties
    .map((property, index) => ({ property, index }))
    .filter(({ property }) => property.primaryKey === true)
    .sort(
      (a, b) => (a.property.primaryKeyPosition ?? a.index + 1e6) - (b.property.primaryKeyPosition ?? b.index + 1e6),
    );
  const primaryKey = keyed.map(({ property }) => property.physicalName ?? property.name);
  const columns = properties.map((property) => planColumn(contract, object, property, adapter, primaryKey.length));
  return {
    contract: { id: contract.id, version: contract.version },
    object: object.name,
    objectCount: objects.length,
    model,
    ...(object.description ? { description: object.description } : {}),
    columns,
    primaryKey,
  };
}

function pickObject(contract: Contract, objects: SchemaObjectLike[], wanted: string | undefined): SchemaObjectLike {
  const names = objects.map((object) => object.name);
  if (wanted !== undefined) {
    const found = objects.find((object) => object.name === wanted || object.physicalName === wanted);
    if (found) return found;
    throw new DbtInputError(
      'dbt-object-not-found',
      `contract ${contract.id} has no schema object "${wanted}" (it has: ${names.join(', ') || 'none'})`,
      { contract: contract.id, object: wanted },
    );
  }
  if (objects.length === 1) return objects[0]!;
  if (objects.length === 0)
    throw new DbtInputError('dbt-object-not-found', `contract ${contract.id} has no schema objects`, {
      contract: contract.id,
    });
  throw new DbtInputError(
    'dbt-object-ambiguous',
    `contract ${contract.id} has ${objects.length} schema objects (${names.join(', ')}): pass --object <name>`,
    { contract: contract.id, objects: names },
  );
}

function planColumn(
  contract: Contract,
  object: SchemaObjectLike,
  property: PropertyLike,
  adapter: DbtAdapter | undefined,
  keyColumns: number,
): PlannedColumn {
  const name = property.physicalName ?? property.name;
  const logicalType = logicalTypeOfProperty(property);
  const dataType = adapter ? dataTypeForProperty(property, adapter) : undefined;
  if (!logicalType || (adapter && !dataType)) {
    throw new DbtInputError(
      'dbt-property-type-unknown',
      `contract ${contract.id}: ${object.name}.${property.name} has no logicalType and Charter does not know its physicalType ${JSON.stringify(property.physicalType ?? null)}: set logicalType`,
      { contract: contract.id, object: object.name, property: property.name },
    );
  }
  const rules = property.quality ?? [];
  const zeroRule = (metric: string) => rules.some((rule) => ruleMetric(rule) === metric && toleratesNoRow(rule));
  const primaryKey = property.primaryKey === true;
  const valid = rules.find(
    (rule) => ruleMetric(rule) === 'invalidValues' && Array.isArray(rule.arguments?.validValues),
  );
  const values = (valid?.arguments?.validValues ?? []).filter((value): value is AcceptedValue =>
    ['string', 'number', 'boolean'].includes(typeof value),
  );
  return {
    name,
    ...(property.description ? { description: property.description } : {}),
    logicalType,
    ...(dataType ? { dataType } : {}),
    required: property.required === true || primaryKey || zeroRule('nullValues') || zeroRule('missingValues'),
    unique: property.unique === true || (primaryKey && keyColumns === 1) || zeroRule('duplicateValues'),
    primaryKey,
    ...(valid && values.length > 0 ? { acceptedValues: { values, strict: toleratesNoRow(valid) } } : {}),
    bounds: logicalType === 'integer' || logicalType === 'number' ? boundsOf(property.logicalTypeOptions ?? {}) : [],
  };
}

function ruleMetric(rule: QualityLike): string | undefined {
  if (rule.type !== undefined && rule.type !== 'library') return undefined;
  return rule.metric ?? rule.rule;
}

/** A rule's threshold allows no offending row: mustBe 0, mustBeLessOrEqualTo 0 or mustBeLessThan 1 (or none). */
function toleratesNoRow(rule: QualityLike): boolean {
  if (rule.mustBe !== undefined) return rule.mustBe === 0;
  if (rule.mustBeLessOrEqualTo !== undefined) return rule.mustBeLessOrEqualTo === 0;
  if (rule.mustBeLessThan !== undefined) return typeof rule.mustBeLessThan === 'number' && rule.mustBeLessThan <= 1;
  return !Object.keys(rule).some((key) => key.startsWith('mustBe'));
}

function boundsOf(options: Record<string, unknown>): ColumnBound[] {
  const bounds: ColumnBound[] = [];
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const minimum = number(options.minimum);
  const maximum = number(options.maximum);
  const exclusiveMinimum = number(options.exclusiveMinimum);
  const exclusiveMaximum = number(options.exclusiveMaximum);
  if (exclusiveMinimum !== undefined) bounds.push({ operator: '>', value: exclusiveMinimum });
  else if (minimum !== undefined)
    bounds.push({ operator: options.exclusiveMinimum === true ? '>' : '>=', value: minimum });
  if (exclusiveMaximum !== undefined) bounds.push({ operator: '<', value: exclusiveMaximum });
  else if (maximum !== undefined)
    bounds.push({ operator: options.exclusiveMaximum === true ? '<' : '<=', value: maximum });
  return bounds;
}
