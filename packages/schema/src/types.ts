/** The schema formats Charter understands, named as Confluent Schema Registry names them. */
export type SchemaType = 'AVRO' | 'JSON';

export const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'JSON'];

/** A schema this one refers to by name, already fetched by the caller (the engine does no I/O). */
export interface ResolvedReference {
  /** The name the referring schema uses: an Avro full name, or a JSON Schema `$ref` target. */
  name: string;
  schemaType?: SchemaType;
  schema: string;
  /** Where it came from, kept only for the fingerprint (e.g. `orders-key/3`). */
  source?: string;
}

export interface SchemaInput {
  schemaType: SchemaType;
  schema: string;
  references?: readonly ResolvedReference[];
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One thing that is wrong, as data: a stable rule id, a JSON-pointer path, a sentence, and the facts behind it. */
export interface Violation {
  rule: string;
  path: string;
  message: string;
  params?: Record<string, unknown>;
}
