export type { AvroNode } from './avro/avro-ast';
export { AvroRule } from './avro/check-avro-compatibility';
export type { ParsedAvroSchema } from './avro/parse-avro';
export {
  COMPATIBILITY_LEVELS,
  type CompatibilityLevel,
  type CompatibilityResult,
  checkCompatibility,
  type Incompatibility,
  isCompatibilityLevel,
  readerCanRead,
  SCHEMA_TYPE_CHANGED_RULE,
} from './check-compatibility';
export { diffSchemas } from './diff/diff-schemas';
export { CHANGE_KINDS, type ChangeKind, type SchemaChange } from './diff/schema-change';
export { SchemaError, SchemaErrorCode } from './errors';
export { FINGERPRINT_VERSION, fingerprintSchema } from './fingerprint';
export { COMPATIBLE_DIFFERENCES, DIFFERENCE_TYPES, type DifferenceType, jsonRuleId } from './json-schema/differences';
export type { ParsedJsonSchema } from './json-schema/parse-json-schema';
export {
  DEFAULT_JSON_LIMITS,
  DEFAULT_SCHEMA_LIMITS,
  exceedsJsonDepth,
  type JsonTextLimits,
  type SchemaLimits,
  stringifySorted,
} from './parse-json-text';
export { type ParsedSchema, type ParseOptions, parseSchema } from './parse-schema';
export type { JsonValue, ResolvedReference, SchemaInput, SchemaType, Violation } from './types';
export { SCHEMA_TYPES } from './types';
export { schemaErrorOf, type VerifySchemaOutcome, type VerifySchemaTask, verifySchema } from './verify-schema';
