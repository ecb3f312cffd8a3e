import type { RegisteredSchema } from '@charter/enforcement';
import type { SchemaField } from './build-sink-run-event';

/**
 * A registered schema's top-level fields, as a `schema` facet lists them (Avro record fields; JSON Schema
 * properties), with a type name each: a nullable union reads as its other branch. Undefined for anything else.
 */
export function schemaFields(registered: Pick<RegisteredSchema, 'schemaType' | 'schema'>): SchemaField[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(registered.schema);
  } catch {
    return undefined;
  }
  if (registered.schemaType === 'AVRO') {
    const fields = (parsed as { type?: unknown; fields?: unknown }).fields;
    if (!Array.isArray(fields)) return undefined;
    return fields.map((field: { name: string; type: unknown }) => ({
      name: field.name,
      type: avroTypeName(field.type),
    }));
  }
  const properties = (parsed as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  return Object.entries(properties as Record<string, { type?: unknown; format?: unknown }>).map(([name, property]) => ({
    name,
    type: jsonTypeName(property),
  }));
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
