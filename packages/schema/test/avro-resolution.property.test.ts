import { avroShape, materializeAvroSchema } from '@charter/testkit';
import * as avsc from 'avsc';
import fc from 'fast-check';
import { checkCompatibility, parseSchema } from '../src';

/**
 * Differential test of Avro compatibility against avsc's schema resolution, over generated pairs (each a schema and
 * a change of it, or two changes of one schema): BACKWARD-compatible (the new schema reads data written with the
 * old) ⇔ avsc's `reader.createResolver(writer)` succeeds.
 *
 * One named exception, applied to both sides before avsc judges: Confluent's checker is Avro's Java
 * `SchemaCompatibility`, whose `schemaNameEquals` matches named types by their unqualified name (or a reader alias
 * equal to the writer's full name), so a namespace change alone is compatible; avsc matches full names. avsc is
 * therefore asked about the schemas with namespaces removed (generated names are unique without them).
 */
const RUNS = { numRuns: 1_000 };
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
    // Both verdicts are well represented, or the comparison would prove little.
    expect(verdicts.compatible).toBeGreaterThan(300);
    expect(verdicts.incompatible).toBeGreaterThan(300);
  });
});
