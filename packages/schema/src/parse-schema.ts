import { type ParsedAvroSchema, parseAvroSchema } from './avro/parse-avro';
import { SchemaError, SchemaErrorCode } from './errors';
import { type ParsedJsonSchema, parseJsonSchema } from './json-schema/parse-json-schema';
import { type SchemaLimits, withSchemaLimits } from './parse-json-text';
import { SCHEMA_TYPES, type SchemaInput } from './types';

export type ParsedSchema = ParsedAvroSchema | ParsedJsonSchema;

export interface ParseOptions {
  /**
   * Also run the schema through the runtime's own libraries (avsc for Avro, ajv for JSON Schema), as a second
   * opinion: anything they refuse is refused (default). Their work grows with the schema (they generate code), so a
   * caller may have a worker do it once ({@link verifySchema}), or skip it for a schema stored after passing it.
   */
  checkWithLibraries?: boolean;
}

/**
 * Parses and validates a schema of either format. Throws {@link SchemaError} with a stable code and a JSON-pointer
 * path for anything wrong; never fetches anything.
 */
export function parseSchema(
  input: SchemaInput,
  limits?: Partial<SchemaLimits>,
  options: ParseOptions = {},
): ParsedSchema {
  const all = withSchemaLimits(limits);
  const checkWithLibraries = options.checkWithLibraries ?? true;
  const schemaType = input.schemaType ?? 'AVRO';
  if (typeof input.schema !== 'string') {
    throw new SchemaError(SchemaErrorCode.InvalidJson, 'schema must be a string holding the schema text');
  }
  switch (schemaType) {
    case 'AVRO':
      return parseAvroSchema(input.schema, input.references, all, checkWithLibraries);
    case 'JSON':
      return parseJsonSchema(input.schema, input.references, all, checkWithLibraries);
    default:
      throw new SchemaError(
        SchemaErrorCode.UnknownSchemaType,
        `unknown schemaType ${JSON.stringify(schemaType)}; supported: ${SCHEMA_TYPES.join(', ')}`,
      );
  }
}
