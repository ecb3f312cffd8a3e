import { fingerprintSchema } from './fingerprint';
import { parseSchema } from './parse-schema';
import type { SchemaInput } from './types';

const print = (input: SchemaInput) => fingerprintSchema(parseSchema(input));
const avro = (schema: string): SchemaInput => ({ schemaType: 'AVRO', schema });
const json = (schema: string): SchemaInput => ({ schemaType: 'JSON', schema });

describe('canonical form and fingerprint', () => {
  // Pairs by meaning are in fixtures/identity (test/identity-corpus.test.ts).
  it('distinguishes the schema type', () => {
    expect(print(avro('{"type":"string"}'))).not.toBe(print(json('{"type":"string"}')));
  });

  it('distinguishes the references a schema names', () => {
    const schema = '{"type":"record","name":"o","fields":[{"name":"m","type":"M"}]}';
    const ref = '{"type":"record","name":"M","fields":[]}';
    const v1 = print({ ...avro(schema), references: [{ name: 'M', schema: ref, source: 'money/1' }] });
    const v2 = print({ ...avro(schema), references: [{ name: 'M', schema: ref, source: 'money/2' }] });
    expect(v1).not.toBe(v2);
  });

  it('writes referenced types by name, never inlined', () => {
    const schema = '{"type":"record","name":"o","fields":[{"name":"m","type":["null","M"]}]}';
    const ref = '{"type":"record","name":"M","fields":[{"name":"x","type":"int"}]}';
    const parsed = parseSchema({ ...avro(schema), references: [{ name: 'M', schema: ref, source: 'money/1' }] });
    expect(parsed.canonical).toBe('{"name":"o","type":"record","fields":[{"name":"m","type":["null","M"]}]}');
  });

  it('writes Avro Parsing Canonical Form as the specification does', () => {
    const parsed = parseSchema(
      avro(
        '{"type":"record","name":"r","namespace":"a","doc":"x","fields":[{"name":"f","type":{"type":"fixed","name":"h","size":2},"default":"ab"},{"name":"g","type":"h"},{"name":"e","type":{"type":"enum","name":"E","symbols":["X"]}}]}',
      ),
    );
    expect(parsed.schemaType === 'AVRO' && parsed.parsingCanonicalForm).toBe(
      '{"name":"a.r","type":"record","fields":[{"name":"f","type":{"name":"a.h","type":"fixed","size":2}},{"name":"g","type":"a.h"},{"name":"e","type":{"name":"a.E","type":"enum","symbols":["X"]}}]}',
    );
  });
});
