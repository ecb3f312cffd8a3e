import { type ParsedAvroSchema, parseAvroSchema } from './avro/parse-avro';
import { SchemaError, SchemaErrorCode } from './errors';
import { type ParsedJsonSchema, parseJsonSchema } from './json-schema/parse-json-schema';
import type { JsonTextLimits } from './parse-json-text';
import { SCHEMA_TYPES, type SchemaInput } from './types';

export type ParsedSchema = ParsedAvroSchema | ParsedJsonSchema;

/**
 * Parses and validates a schema of either format. Throws {@link SchemaError} with a stable code and a JSON-pointer
 * path for anything wrong; never fetches anything.
 */
export function parseSchema(input: SchemaInput, limits?: JsonTextLimits): ParsedSchema {
  const schemaType = input.schemaType ?? 'AVRO';
  if (typeof input.schema !== 'string') {
    throw new SchemaError(SchemaErrorCode.InvalidJson, 'schema must be a string holding the schema text');
  }
  switch (schemaType) {
    case 'AVRO':
      return parseAvroSchema(input.schema, input.references, limits);
    case 'JSON':
      return parseJsonSchema(input.schema, input.references, limits);
    default:
      throw new SchemaError(
        SchemaErrorCode.UnknownSchemaType,
        `unknown schemaType ${JSON.stringify(schemaType)}; supported: ${SCHEMA_TYPES.join(', ')}`,
      );
  }
}
