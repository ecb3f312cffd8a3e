import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import avro from 'avsc';
import { EnforcementError, type Violation } from '../enforcement.errors';
import type { RegisteredSchema, SchemaReference, SchemaType } from '../registry/registry-client';

/** A schema compiled for records: checks, encodes and decodes payloads (the wire format's header aside). */
export interface Codec {
  readonly schemaType: SchemaType;
  /** The record's name (an Avro record's full name, a JSON Schema's `title`), for the RecordName strategies. */
  readonly recordName: string | undefined;
  /** Every way the value breaks the schema; empty when it conforms. */
  validate(value: unknown): Violation[];
  /** The payload of a value that conforms. */
  encode(value: unknown): Buffer;
  /** The value in a payload, or a `deserialization` error. */
  decode(payload: Buffer): unknown;
}

/** Resolves a reference to the schema it names (the registry client's `version`). */
export type ReferenceResolver = (
  reference: SchemaReference,
) => Promise<Pick<RegisteredSchema, 'schema' | 'references'>>;

/** Compiles a registered schema, with its references resolved and compiled first. */
export async function compileCodec(schema: RegisteredSchema, resolve: ReferenceResolver): Promise<Codec> {
  const references = await collectReferences(schema.references, resolve);
  return schema.schemaType === 'AVRO' ? avroCodec(schema.schema, references) : jsonCodec(schema.schema, references);
}

/** Every schema the references reach, each once, dependencies before dependents. */
async function collectReferences(
  references: readonly SchemaReference[],
  resolve: ReferenceResolver,
  seen = new Set<string>(),
): Promise<Array<{ name: string; schema: string }>> {
  const ordered: Array<{ name: string; schema: string }> = [];
  for (const reference of references) {
    const key = `${reference.subject}\u0000${reference.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = await resolve(reference);
    ordered.push(...(await collectReferences(resolved.references, resolve, seen)));
    ordered.push({ name: reference.name, schema: resolved.schema });
  }
  return ordered;
}

/**
 * Avro `long` as a JavaScript number, correct over every safe integer. avsc's own long type encodes negative values
 * below -2^52 wrongly (-(2^52 + 1) reads back as +2^52: silent corruption, found by the round-trip property); this one
 * goes through a 64-bit integer and writes the same bytes wherever avsc's is right.
 */
const SAFE_LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => Number(buffer.readBigInt64LE()),
  toBuffer: (value: number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(BigInt(value));
    return buffer;
  },
  fromJSON: Number,
  toJSON: Number,
  isValid: (value: unknown) => Number.isSafeInteger(value),
  compare: (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1),
});

function avroCodec(text: string, references: ReadonlyArray<{ schema: string }>): Codec {
  const registry: Record<string, avro.Type> = { long: SAFE_LONG };
  for (const reference of references) avro.Type.forSchema(JSON.parse(reference.schema), { registry });
  const type = avro.Type.forSchema(JSON.parse(text), { registry });
  return {
    schemaType: 'AVRO',
    recordName: type.typeName === 'record' ? type.name : undefined,
    validate(value) {
      // avsc takes any object for a record, arrays included, and reports each field missing: say it once instead.
      if (Array.isArray(value) && type.typeName === 'record') {
        return [{ rule: 'schema', path: '', message: `${describe(value)} is not a valid record` }];
      }
      // The check without a hook is avsc's fast path; the hook, which tracks paths, only runs for what it refused.
      if (type.isValid(value)) return [];
      const violations: Violation[] = [];
      type.isValid(value, {
        errorHook: (path, found, expected) => {
          violations.push({
            rule: 'schema',
            path: path.length === 0 ? '' : `/${path.map(escapePointer).join('/')}`,
            message: `${describe(found)} is not a valid ${expected.branchName ?? expected.typeName}`,
          });
        },
      });
      return violations;
    },
    encode: (value) => type.toBuffer(value),
    decode(payload) {
      try {
        return type.fromBuffer(payload);
      } catch (error) {
        throw new EnforcementError(
          'deserialization',
          `the Avro payload does not decode: ${(error as Error).message}`,
          {},
          {
            cause: error,
          },
        );
      }
    },
  };
}

type AjvInstance = InstanceType<typeof Ajv>;

function jsonCodec(text: string, references: ReadonlyArray<{ name: string; schema: string }>): Codec {
  const schema = JSON.parse(text) as Record<string, unknown> | boolean;
  const draft = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { strict: false, allErrors: true, validateFormats: true } as const;
  const ajv = (
    draft.includes('2020-12')
      ? new Ajv2020(options)
      : draft.includes('2019-09')
        ? new Ajv2019(options)
        : new Ajv(options)
  ) as AjvInstance;
  addFormats(ajv);
  for (const reference of references) ajv.addSchema(JSON.parse(reference.schema) as AnySchema, reference.name);
  const check = ajv.compile(schema as AnySchema);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    schemaType: 'JSON',
    recordName: typeof schema === 'object' && typeof schema.title === 'string' ? schema.title : undefined,
    validate(value) {
      if (check(value)) return [];
      return (check.errors ?? []).map((error: ErrorObject) => ({
        rule: `schema/${error.keyword}`,
        path: error.instancePath,
        message: error.message ?? `breaks "${error.keyword}"`,
      }));
    },
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
    decode(payload) {
      try {
        return JSON.parse(decoder.decode(payload));
      } catch (error) {
        throw new EnforcementError(
          'deserialization',
          `the JSON payload does not parse: ${(error as Error).message}`,
          {},
          {
            cause: error,
          },
        );
      }
    },
  };
}

function escapePointer(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

function describe(value: unknown): string {
  if (value === undefined) return 'a missing value';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
