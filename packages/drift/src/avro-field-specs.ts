import type { DriftFieldKind, DriftSettings } from '@charter/contracts';
import type { FieldSpec } from './field-specs';

type AvroSchema =
  | string
  | AvroSchema[]
  | { type?: unknown; name?: unknown; namespace?: unknown; [key: string]: unknown };

const NUMERIC = new Set(['int', 'long', 'float', 'double']);
const TIME = new Set([
  'date',
  'time-millis',
  'time-micros',
  'timestamp-millis',
  'timestamp-micros',
  'local-timestamp-millis',
  'local-timestamp-micros',
]);

/**
 * Field specs from an Avro writer schema (parsed JSON), for a topic no contract describes: int/long/float/double are
 * numeric, date and time logical types timestamps, boolean boolean, enum and string categorical (a `uuid` string free
 * text), nested records dotted; a nullable union reads as its one other branch. Arrays, maps, bytes, fixed, decimals
 * and unions of several types are not profiled. The `drift` property's `fields` overrides apply as for a contract.
 */
export function fieldSpecsFromAvroSchema(schema: unknown, options: { drift?: DriftSettings } = {}): FieldSpec[] {
  const named = new Map<string, AvroSchema>();
  const specs: FieldSpec[] = [];
  const overrides = options.drift?.fields ?? {};
  const visit = (node: AvroSchema, segments: string[], namespace: string | undefined, open: Set<string>): void => {
    const resolved = resolve(node, namespace, named);
    if (!resolved) return;
    const { schema: type, namespace: inner } = resolved;
    if (typeof type === 'object' && !Array.isArray(type) && type.type === 'record' && Array.isArray(type.fields)) {
      const fullName = qualify(String(type.name), inner);
      if (open.has(fullName)) return;
      named.set(fullName, type);
      open.add(fullName);
      for (const field of type.fields as Array<{ name?: unknown; type?: AvroSchema }>) {
        if (typeof field.name !== 'string' || field.type === undefined) continue;
        const path = [...segments, field.name];
        const override = Object.hasOwn(overrides, path.join('.')) ? overrides[path.join('.')] : undefined;
        if (override?.ignore) continue;
        const kind = override?.kind ?? leafKind(field.type, inner, named);
        if (kind) specs.push({ path: path.join('.'), segments: path, kind });
        else visit(field.type, path, inner, open);
      }
      open.delete(fullName);
    }
  };
  visit(schema as AvroSchema, [], undefined, new Set());
  return specs;
}

/** The kind of a leaf type, or undefined for a record (visited) or a type that is not profiled. */
function leafKind(
  node: AvroSchema,
  namespace: string | undefined,
  named: Map<string, AvroSchema>,
): DriftFieldKind | undefined {
  const resolved = resolve(node, namespace, named);
  if (!resolved) return undefined;
  const type = resolved.schema;
  if (typeof type === 'string') {
    if (NUMERIC.has(type)) return 'numeric';
    if (type === 'boolean') return 'boolean';
    if (type === 'string') return 'categorical';
    return undefined;
  }
  if (Array.isArray(type)) return undefined;
  const logicalType = type.logicalType;
  if (typeof logicalType === 'string' && TIME.has(logicalType)) return 'timestamp';
  if (logicalType === 'uuid') return 'text';
  if (logicalType === 'decimal') return undefined;
  if (type.type === 'enum') {
    named.set(qualify(String(type.name), resolved.namespace), type);
    return 'categorical';
  }
  if (type.type === 'record') return undefined;
  return typeof type.type === 'string' || Array.isArray(type.type) || typeof type.type === 'object'
    ? leafKind(type.type as AvroSchema, resolved.namespace, named)
    : undefined;
}

/** A union's one non-null branch, a named reference's definition; undefined for other unions or unknown names. */
function resolve(
  node: AvroSchema,
  namespace: string | undefined,
  named: Map<string, AvroSchema>,
): { schema: AvroSchema; namespace: string | undefined } | undefined {
  if (Array.isArray(node)) {
    const branches = node.filter((branch) => branch !== 'null');
    return branches.length === 1 ? resolve(branches[0]!, namespace, named) : undefined;
  }
  if (typeof node === 'string') {
    if (NUMERIC.has(node) || ['boolean', 'string', 'bytes', 'null'].includes(node)) return { schema: node, namespace };
    const definition = named.get(qualify(node, namespace)) ?? named.get(node);
    return definition === undefined ? undefined : { schema: definition, namespace };
  }
  if (node === null || typeof node !== 'object') return undefined;
  const own = typeof node.namespace === 'string' ? node.namespace : namespace;
  return { schema: node, namespace: own };
}

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}
