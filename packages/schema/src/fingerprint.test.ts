import { fingerprintSchema } from './fingerprint';
import { parseSchema } from './parse-schema';
import type { SchemaInput } from './types';

const print = (input: SchemaInput) => fingerprintSchema(parseSchema(input));
const avro = (schema: string): SchemaInput => ({ schemaType: 'AVRO', schema });
const json = (schema: string): SchemaInput => ({ schemaType: 'JSON', schema });

describe('canonical form and fingerprint', () => {
  it.each([
    [
      'whitespace',
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}'),
      avro('{ "type" : "record",\n  "name": "r",\n  "fields": [ { "name": "a", "type": "int" } ] }'),
    ],
    [
      'key order',
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}'),
      avro('{"fields":[{"type":"int","name":"a"}],"name":"r","type":"record"}'),
    ],
    [
      'primitive long form',
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}'),
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":{"type":"int"}}]}'),
    ],
    [
      'namespace spelled out',
      avro('{"type":"record","name":"r","namespace":"x.y","fields":[]}'),
      avro('{"type":"record","name":"x.y.r","fields":[]}'),
    ],
    [
      'JSON key order and whitespace',
      json('{"type":"object","properties":{"a":{"type":"string"}}}'),
      json('{ "properties": { "a": { "type": "string" } },\n "type": "object" }'),
    ],
  ])('ignores %s', (_name, a, b) => {
    expect(print(a)).toBe(print(b));
    expect(print(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'a default',
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}'),
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int","default":0}]}'),
    ],
    [
      'a doc',
      avro('{"type":"record","name":"r","fields":[]}'),
      avro('{"type":"record","name":"r","doc":"d","fields":[]}'),
    ],
    [
      'field order',
      avro('{"type":"record","name":"r","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]}'),
      avro('{"type":"record","name":"r","fields":[{"name":"b","type":"int"},{"name":"a","type":"int"}]}'),
    ],
    ['the schema type', avro('{"type":"string"}'), json('{"type":"string"}')],
    ['JSON array order', json('{"enum":["a","b"]}'), json('{"enum":["b","a"]}')],
  ])('distinguishes %s', (_name, a, b) => {
    expect(print(a)).not.toBe(print(b));
  });

  it('distinguishes the references a schema names', () => {
    const schema = '{"type":"record","name":"o","fields":[{"name":"m","type":"M"}]}';
    const ref = '{"type":"record","name":"M","fields":[]}';
    const v1 = print({ ...avro(schema), references: [{ name: 'M', schema: ref, source: 'money/1' }] });
    const v2 = print({ ...avro(schema), references: [{ name: 'M', schema: ref, source: 'money/2' }] });
    expect(v1).not.toBe(v2);
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
