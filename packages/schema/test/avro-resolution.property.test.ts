import { avroShape, materializeAvroSchema } from '@charter/testkit';
import * as avsc from 'avsc';
import fc from 'fast-check';
import { checkCompatibility, parseSchema } from '../src';

/**
 * Differential test of Avro compatibility against avsc's schema resolution, over generated pairs (each a schema and
 * a change of it, or two changes of one schema): BACKWARD-compatible (the new schema reads data written with the
 * old) ⇔ avsc's `reader.createResolver(writer)` succeeds.
 *
 * Two named exceptions, where avsc departs from Avro's Java `SchemaCompatibility` (what Confluent applies):
 * - Names: Java's `schemaNameEquals` matches named types by their unqualified name (or a reader alias equal to the
 *   writer's full name), so a namespace change alone is compatible; avsc matches full names. avsc is asked about
 *   the schemas with namespaces removed (generated names are unique without them).
 * - A failed attempt is cached as a success: avsc registers a record pair's resolver under `reader:writer` before
 *   resolving it and leaves it there when resolution throws (as it does while a union reader tries its branches),
 *   so the same pair met later "resolves". Java memoizes only finished verdicts (a pair in progress counts as
 *   compatible, as here). avsc's `createResolver` is wrapped to forget what a failed attempt registered
 *   (corpus case: "union branch record whose array items now name the enclosing record").
 */
/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };
jest.setTimeout(120_000);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const local = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** The schema as Java's name rule sees it: every named type and reference by its unqualified name. */
function withoutNamespaces(schema: Json): Json {
  if (typeof schema === 'string') return PRIMITIVES.has(schema) ? schema : local(schema);
  if (Array.isArray(schema)) return schema.map(withoutNamespaces);
  if (schema === null || typeof schema !== 'object') return schema;
  const { namespace: _namespace, ...rest } = schema;
  const out: { [key: string]: Json } = { ...rest };
  if (typeof rest.name === 'string') out.name = local(rest.name);
  if (Array.isArray(rest.aliases)) out.aliases = rest.aliases.map((alias) => local(alias as string));
  if (Array.isArray(rest.fields)) {
    out.fields = rest.fields.map((field) => {
      const { type, ...fieldRest } = field as { [key: string]: Json };
      return { ...fieldRest, type: withoutNamespaces(type as Json) };
    });
  }
  if ('items' in rest) out.items = withoutNamespaces(rest.items as Json);
  if ('values' in rest) out.values = withoutNamespaces(rest.values as Json);
  return out;
}

type CreateResolver = (this: avsc.Type, type: avsc.Type, opts?: { registry?: Record<string, unknown> }) => unknown;

/** avsc's createResolver, except that resolvers registered during an attempt that fails are forgotten. */
function withoutFailedAttempts(original: CreateResolver): CreateResolver {
  return function createResolver(this: avsc.Type, type, opts = {}) {
    opts.registry ??= {};
    const before = new Set(Object.keys(opts.registry));
    try {
      return original.call(this, type, opts);
    } catch (error) {
      for (const key of Object.keys(opts.registry)) if (!before.has(key)) delete opts.registry[key];
      throw error;
    }
  };
}

const prototype = avsc.Type.prototype as unknown as { createResolver: CreateResolver };
const originalCreateResolver = prototype.createResolver;
beforeAll(() => {
  prototype.createResolver = withoutFailedAttempts(originalCreateResolver);
});
afterAll(() => {
  prototype.createResolver = originalCreateResolver;
});

function avscCanRead(reader: Json, writer: Json): boolean {
  try {
    const readerType = avsc.Type.forSchema(withoutNamespaces(reader) as avsc.Schema, { wrapUnions: true });
    readerType.createResolver(avsc.Type.forSchema(withoutNamespaces(writer) as avsc.Schema, { wrapUnions: true }));
    return true;
  } catch {
    return false;
  }
}

function charterCanRead(reader: string, writer: string): boolean {
  return checkCompatibility({
    candidate: parseSchema({ schemaType: 'AVRO', schema: reader }),
    previous: [parseSchema({ schemaType: 'AVRO', schema: writer })],
    level: 'BACKWARD',
  }).isCompatible;
}

describe('Avro compatibility against avsc schema resolution (generated pairs)', () => {
  it('is BACKWARD-compatible exactly when avsc can resolve the old schema with the new one', () => {
    const verdicts = { compatible: 0, incompatible: 0 };
    fc.assert(
      fc.property(avroShape(), fc.option(fc.nat()), fc.nat(), (shape, first, second) => {
        const points = materializeAvroSchema(shape).changePoints;
        const older = materializeAvroSchema(shape, first === null ? {} : { mutateAt: first % points });
        const newer = materializeAvroSchema(shape, { mutateAt: second % points });
        for (const [reader, writer] of [
          [newer, older],
          [older, newer],
        ] as const) {
          const ours = charterCanRead(reader.text, writer.text);
          verdicts[ours ? 'compatible' : 'incompatible']++;
          if (ours !== avscCanRead(reader.schema, writer.schema)) {
            throw new Error(
              `Charter says ${ours ? 'compatible' : 'incompatible'}, avsc disagrees (reader: ${reader.change ?? 'unchanged'}, writer: ${writer.change ?? 'unchanged'})\nreader ${reader.text}\nwriter ${writer.text}`,
            );
          }
        }
      }),
      RUNS,
    );
    // Both verdicts are well represented (each over 15% of the comparisons), or the comparison would prove little.
    const comparisons = verdicts.compatible + verdicts.incompatible;
    expect(verdicts.compatible).toBeGreaterThan(comparisons * 0.15);
    expect(verdicts.incompatible).toBeGreaterThan(comparisons * 0.15);
  });
});
