import { type AvroNode, type JsonValue, parseSchema } from '@charter/schema';

/**
 * The field paths a schema defines: top-level fields and, dotted, the fields of nested records (Avro) or objects
 * (JSON Schema) — reached through nullable unions, combinators and array items too. Parsed with @charter/schema;
 * nothing is fetched and `$ref` is not followed. Throws the schema engine's `SchemaError` for text it cannot parse.
 */
export function schemaFieldPaths(schemaType: 'AVRO' | 'JSON', schemaText: string): string[] {
  const parsed = parseSchema({ schemaType, schema: schemaText });
  const paths = new Set<string>();
  if (parsed.schemaType === 'AVRO') collectAvro(parsed.root, '', paths, new Set());
  else collectJson(parsed.raw, '', paths);
  return [...paths];
}

function collectAvro(node: AvroNode, prefix: string, into: Set<string>, open: Set<string>): void {
  switch (node.kind) {
    case 'record': {
      if (open.has(node.fullName)) return;
      open.add(node.fullName);
      for (const field of node.fields) {
        const path = prefix ? `${prefix}.${field.name}` : field.name;
        into.add(path);
        collectAvro(field.type, path, into, open);
      }
      open.delete(node.fullName);
      return;
    }
    case 'union':
      for (const branch of node.branches) collectAvro(branch, prefix, into, open);
      return;
    case 'array':
      collectAvro(node.items, prefix, into, open);
      return;
    default:
      return;
  }
}

function collectJson(schema: JsonValue | undefined, prefix: string, into: Set<string>): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const properties = schema.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      into.add(path);
      collectJson(property, path, into);
    }
  }
  if (schema.items && !Array.isArray(schema.items)) collectJson(schema.items, prefix, into);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) for (const branch of branches) collectJson(branch, prefix, into);
  }
}
