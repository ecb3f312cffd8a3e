import type { Violation } from './types';

/** Stable codes for schemas that cannot be parsed. The registry maps them to Confluent's 42201 (invalid schema). */
export const SchemaErrorCode = {
  InvalidJson: 'invalid-json',
  InvalidAvro: 'invalid-avro',
  InvalidJsonSchema: 'invalid-json-schema',
  UnknownSchemaType: 'unknown-schema-type',
  UnsupportedDraft: 'unsupported-json-schema-draft',
  RemoteReference: 'remote-reference-forbidden',
  UnresolvedReference: 'unresolved-reference',
  TooDeep: 'schema-too-deep',
  TooLarge: 'schema-too-large',
  TooManyFields: 'too-many-fields',
  TooManySymbols: 'too-many-enum-symbols',
  TooManyBranches: 'too-many-union-branches',
  TooManyProperties: 'too-many-properties',
} as const;

export type SchemaErrorCode = (typeof SchemaErrorCode)[keyof typeof SchemaErrorCode];

/** A schema that cannot be used, with where and why. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';

  constructor(
    readonly code: SchemaErrorCode,
    /** The sentence without the path (the message adds it). */
    readonly reason: string,
    readonly path = '',
    readonly details: Record<string, unknown> = {},
  ) {
    super(path ? `${reason} (at ${path})` : reason);
  }

  toViolation(): Violation {
    return { rule: this.code, path: this.path, message: this.message, params: this.details };
  }
}
