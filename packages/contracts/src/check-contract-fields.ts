import type { Contract } from './contract';
import { findDatasetObject } from './contract-datasets';
import { customPropertyPointer } from './contract-pointers';
import type { ContractProblem } from './contract-problem';
import { readContractSubjects } from './contract-subjects';
import { readDeclaredFields } from './declared-fields';
import { isReportedTypeCompatible, type LogicalType, logicalTypeOf } from './logical-type-of';
import type { OdcsProperty } from './odcs/odcs-schema-object';

/**
 * A field a producer reports: a registry schema's field, a column of an OpenLineage `schema` facet. Nested fields
 * (a struct's, a record's) sit under their parent's `fields` and are read as dotted paths; a `name` may also be a
 * whole dotted path already (as {@link schemaFieldPaths} gives them).
 */
export interface ReportedField {
  name: string;
  /** The producer's type name (`varchar(255)`, `bigint`, `long`, `struct<…>`); absent → the type is not checked. */
  type?: string;
  fields?: readonly ReportedField[];
}

/** What reports the fields: the schema of a registry subject, or an OpenLineage dataset the contract governs. */
export type ContractFieldTarget = { subject: string } | { dataset: { namespace: string; name: string } };

export type ContractFieldProblemCode = 'field-missing' | 'field-type-mismatch';

/** A field-level way the reported fields break the contract; `path` points at the property (or consumer field). */
export interface ContractFieldProblem extends ContractProblem {
  code: ContractFieldProblemCode;
  /** The contract's dotted field path. */
  field: string;
  /** For a field a consumer reads that the contract does not declare: the consumer's id. */
  consumer?: string;
  /** For `field-type-mismatch`: the logical type the contract declares and the type name reported. */
  expected?: LogicalType;
  actual?: string;
}

export interface CheckContractFieldsOptions {
  contract: Pick<Contract, 'document' | 'subjects' | 'lineage' | 'consumers'>;
  target: ContractFieldTarget;
  fields: readonly ReportedField[];
  /** The contract's file, for the problems (`contracts/orders`). */
  file: string;
}

interface Reported {
  type: string | undefined;
}

/**
 * The one contract-field check, for a registry subject's schema and an OpenLineage dataset's `schema` facet alike:
 * - `field-missing`: a property the target's schema object declares (at any depth) that is not reported, and, when
 *   the target is the contract's only one (a single bound subject, or a single schema object), a field one of its
 *   consumers reads that is not reported;
 * - `field-type-mismatch`: a reported type that holds neither the property's `logicalType` nor what its
 *   `physicalType` holds (see {@link logicalTypeOf}; an integer keeps a `number`). A field reported without a type,
 *   a type name Charter does not know, or a property with neither type is never a mismatch.
 *
 * A subject's fields match by property name, exactly (Avro and JSON Schema names are case-sensitive). A dataset's
 * columns match a property by its name or its `physicalName`, ignoring case (SQL engines fold unquoted names: to
 * upper case in Snowflake, lower in PostgreSQL). Nothing is found for a target the contract does not bind.
 */
export function checkContractFields(options: CheckContractFieldsOptions): ContractFieldProblem[] {
  const { contract, target, file } = options;
  const bound = resolveTarget(contract, target, file);
  if (!bound) return [];
  const key = bound.byDataset ? (path: string) => path.toLowerCase() : (path: string) => path;
  const reported = flattenReported(options.fields, key);
  const problems: ContractFieldProblem[] = [];
  const missing = new Set<string>();
  for (const field of readDeclaredFields(bound.properties, `/schema/${bound.objectIndex}/properties`)) {
    const found =
      reported.get(key(field.path)) ?? (bound.byDataset ? reported.get(key(field.physicalPath)) : undefined);
    if (!found) {
      missing.add(field.path);
      const physically =
        bound.byDataset && field.physicalPath !== field.path ? ` (physically "${field.physicalPath}")` : '';
      problems.push({
        code: 'field-missing',
        file,
        path: field.pointer,
        field: field.path,
        message: `field "${field.path}"${physically} of ${bound.objectName} is declared in the contract but ${bound.where} has no such field`,
      });
      continue;
    }
    if (found.type === undefined) continue;
    if (isReportedTypeCompatible(field, logicalTypeOf(found.type))) continue;
    const expected = field.logicalType ?? logicalTypeOf(field.physicalType!)!;
    const declared = field.physicalType === undefined ? expected : `${expected} (${field.physicalType})`;
    problems.push({
      code: 'field-type-mismatch',
      file,
      path: `${field.pointer}/${field.logicalType ? 'logicalType' : 'physicalType'}`,
      field: field.path,
      expected,
      actual: found.type,
      message: `field "${field.path}" of ${bound.objectName} is ${declared} in the contract but ${bound.where} reports it as ${found.type}`,
    });
  }
  if (!bound.checksConsumers) return problems;
  const declaredPaths = new Set(readDeclaredFields(bound.properties, '').map((field) => field.path));
  const consumersPointer = customPropertyPointer(contract.document, 'consumers') ?? '/customProperties';
  contract.consumers.forEach((consumer, consumerIndex) => {
    consumer.fields.forEach((field, fieldIndex) => {
      const has = declaredPaths.has(field) ? !missing.has(field) : reported.has(key(field));
      if (has) return;
      problems.push({
        code: 'field-missing',
        file,
        path: `${consumersPointer}/${consumerIndex}/fields/${fieldIndex}`,
        field,
        consumer: consumer.id,
        message: `consumer "${consumer.id}" reads field "${field}", which ${bound.where} does not have`,
      });
    });
  });
  return problems;
}

interface BoundTarget {
  objectIndex: number;
  objectName: string;
  properties: OdcsProperty[] | undefined;
  /** How problems name the target: `subject "orders-value"`, `dataset "raw.orders" in snowflake://acme`. */
  where: string;
  byDataset: boolean;
  checksConsumers: boolean;
}

function resolveTarget(
  contract: CheckContractFieldsOptions['contract'],
  target: ContractFieldTarget,
  file: string,
): BoundTarget | undefined {
  const objects = (Array.isArray(contract.document.schema) ? contract.document.schema : []) as Array<{
    properties?: OdcsProperty[];
  }>;
  if ('subject' in target) {
    const binding = readContractSubjects(contract.document, { file }).subjects.find(
      (bound) => bound.subject === target.subject,
    );
    if (!binding) return undefined;
    return {
      objectIndex: binding.objectIndex,
      objectName: binding.objectName,
      properties: objects[binding.objectIndex]?.properties,
      where: `subject "${target.subject}"`,
      byDataset: false,
      checksConsumers: contract.subjects.length === 1,
    };
  }
  const found = findDatasetObject(contract, target.dataset);
  if (!found) return undefined;
  return {
    objectIndex: found.objectIndex,
    objectName: found.objectName,
    properties: objects[found.objectIndex]?.properties,
    where: `dataset "${target.dataset.name}" in ${target.dataset.namespace}`,
    byDataset: true,
    checksConsumers: objects.length === 1,
  };
}

/** Reported fields by (keyed) dotted path, the first of a path winning; walked without recursion. */
function flattenReported(fields: readonly ReportedField[], key: (path: string) => string): Map<string, Reported> {
  const byPath = new Map<string, Reported>();
  const stack: Array<{ field: ReportedField; parent: string | undefined }> = [];
  const push = (list: readonly ReportedField[] | undefined, parent: string | undefined) => {
    if (!Array.isArray(list)) return;
    for (let index = list.length - 1; index >= 0; index--) stack.push({ field: list[index]!, parent });
  };
  push(fields, undefined);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { field, parent } = next;
    if (typeof field?.name !== 'string' || field.name === '') continue;
    const path = parent === undefined ? field.name : `${parent}.${field.name}`;
    const keyed = key(path);
    if (!byPath.has(keyed)) byPath.set(keyed, { type: typeof field.type === 'string' ? field.type : undefined });
    push(field.fields, path);
  }
  return byPath;
}
