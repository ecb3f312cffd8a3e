import type { RegisteredSchema } from '@charter/enforcement';
import type { SchemaField } from './build-sink-run-event';

/**
 * A registered schema's fields, as a `schema` facet lists them (Avro record fields; JSON Schema properties), with a
 * type name each (a nullable union reads as its other branch) and a record's or object's own fields nested under it.
 * Undefined for anything else.
 */
export function schemaFields(registered: Pick<RegisteredSchema, 'schemaType' | 'schema'>): SchemaField[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(registered.schema);
  } catch {
    return undefined;
  }
  return registered.schemaType === 'AVRO' ? avroFields(parsed) : jsonFields(parsed);
}

/** A record's fields, nested records' own fields included (as OpenLineage nests them); depth-bounded. */
function avroFields(record: unknown, depth = 0): SchemaField[] | undefined {
  const fields = (record as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || depth > MAX_DEPTH) return undefined;
  return fields.map((field: { name: string; type: unknown }) => {
    const nested = avroFields(nonNullBranch(field.type), depth + 1);
    return { name: field.name, type: avroTypeName(field.type), ...(nested ? { fields: nested } : {}) };
  });
}

function jsonFields(schema: unknown, depth = 0): SchemaField[] | undefined {
  const properties = (schema as { properties?: unknown })?.properties;
  if (typeof properties !== 'object' || properties === null || depth > MAX_DEPTH) return undefined;
  return Object.entries(properties as Record<string, { type?: unknown; format?: unknown }>).map(([name, property]) => {
    const nested = jsonFields(property, depth + 1);
    return { name, type: jsonTypeName(property), ...(nested ? { fields: nested } : {}) };
  });
}

const MAX_DEPTH = 16;

/** A nullable union's other branch; any other type as it is. */
function nonNullBranch(type: unknown): unknown {
  if (!Array.isArray(type)) return type;
  const branches = type.filter((branch) => branch !== 'null');
  return branches.length === 1 ? branches[0] : type;
}

function avroTypeName(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const branches = type.filter((branch) => branch !== 'null');
    return branches.length === 1 ? avroTypeName(branches[0]) : 'union';
  }
  const named = type as { type?: unknown; logicalType?: unknown };
  if (typeof named.logicalType === 'string') return named.logicalType;
  return typeof named.type === 'string' ? named.type : 'unknown';
}

function jsonTypeName(property: { type?: unknown; format?: unknown }): string {
  if (typeof property?.format === 'string') return property.format;
  if (typeof property?.type === 'string') return property.type;
  if (Array.isArray(property?.type)) return property.type.filter((type) => type !== 'null').join('|');
  return 'unknown';
}
