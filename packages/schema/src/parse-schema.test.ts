import { type SchemaError, SchemaErrorCode } from './errors';
import { parseSchema } from './parse-schema';
import type { SchemaType } from './types';
import { schemaErrorOf, verifySchema } from './verify-schema';

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const avroOf = (value: unknown) => JSON.stringify(value);

// Bad inputs tried: malformed JSON, wrong JSON shapes, Avro structure errors, bad defaults, bad names, unknown
// types, JSON Schema meta-schema violations, remote, unresolved and looping $refs, unknown drafts, deep nesting,
// huge text.
const BAD: Array<[string, SchemaType, string, string, string]> = [
  ['malformed JSON', 'AVRO', '{"type": "record",', SchemaErrorCode.InvalidJson, ''],
  ['record without fields', 'AVRO', '{"type":"record","name":"r"}', SchemaErrorCode.InvalidAvro, '/'],
  [
    'field without type',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a"}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0',
  ],
  [
    'bad field name',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"1a","type":"int"}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0/name',
  ],
  [
    'duplicate field',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/1/name',
  ],
  [
    'wrong default',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":"int","default":"x"}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0/default',
  ],
  [
    'union default not first branch',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":["null","int"],"default":1}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0/default',
  ],
  [
    'unknown named type',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":"Money"}]}',
    SchemaErrorCode.UnresolvedReference,
    '/fields/0/type',
  ],
  ['nested union', 'AVRO', '["int",["string"]]', SchemaErrorCode.InvalidAvro, '/1'],
  ['duplicate union branch', 'AVRO', '["int","int"]', SchemaErrorCode.InvalidAvro, '/1'],
  [
    'enum symbol invalid',
    'AVRO',
    '{"type":"enum","name":"e","symbols":["A","B-C"]}',
    SchemaErrorCode.InvalidAvro,
    '/symbols/1',
  ],
  [
    'enum default not a symbol',
    'AVRO',
    '{"type":"enum","name":"e","symbols":["A"],"default":"Z"}',
    SchemaErrorCode.InvalidAvro,
    '/default',
  ],
  ['fixed without size', 'AVRO', '{"type":"fixed","name":"f"}', SchemaErrorCode.InvalidAvro, '/size'],
  [
    'type redefined',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":{"type":"record","name":"r","fields":[]}}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0/type/name',
  ],
  ['number as schema', 'AVRO', '42', SchemaErrorCode.InvalidAvro, '/'],
  ['10 000 deep', 'AVRO', deep(10_000), SchemaErrorCode.TooDeep, 'character 128'],
  [
    '10 000 deep JSON Schema',
    'JSON',
    `${'{"items":'.repeat(10_000)}{}${'}'.repeat(10_000)}`,
    SchemaErrorCode.TooDeep,
    'character 1152',
  ],
  ['10 MB', 'JSON', `{"description":"${'x'.repeat(10 * 1024 * 1024)}"}`, SchemaErrorCode.TooLarge, ''],
  ['JSON Schema not an object', 'JSON', '[1,2]', SchemaErrorCode.InvalidJsonSchema, ''],
  [
    'bad type keyword',
    'JSON',
    '{"type":"object","properties":{"a":{"type":"strin"}}}',
    SchemaErrorCode.InvalidJsonSchema,
    '/properties/a/type',
  ],
  ['negative maxLength', 'JSON', '{"type":"string","maxLength":-1}', SchemaErrorCode.InvalidJsonSchema, '/maxLength'],
  [
    'remote $ref',
    'JSON',
    '{"$ref":"https://example.com/schemas/customer.json"}',
    SchemaErrorCode.RemoteReference,
    '/$ref',
  ],
  [
    'file $ref',
    'JSON',
    '{"properties":{"a":{"$ref":"file:///etc/passwd"}}}',
    SchemaErrorCode.RemoteReference,
    '/properties/a/$ref',
  ],
  ['unknown relative $ref', 'JSON', '{"$ref":"customer.json"}', SchemaErrorCode.UnresolvedReference, '/$ref'],
  ['missing local $ref', 'JSON', '{"$ref":"#/definitions/nope"}', SchemaErrorCode.UnresolvedReference, ''],
  // Found by the JSON Schema property test: a chain of $refs that loops with no schema in between.
  [
    'a $ref that names itself',
    'JSON',
    '{"properties":{"p":{"$ref":"#/definitions/d"}},"definitions":{"d":{"$ref":"#/definitions/d"}}}',
    SchemaErrorCode.InvalidJsonSchema,
    '',
  ],
  [
    'bad field order',
    'AVRO',
    '{"type":"record","name":"r","fields":[{"name":"a","type":"int","order":"sideways"}]}',
    SchemaErrorCode.InvalidAvro,
    '/fields/0/order',
  ],
  // Counts no real schema needs (the defaults; the registry may set its own): each its own code.
  [
    '10 001 fields',
    'AVRO',
    avroOf({ type: 'record', name: 'r', fields: many(10_001, (i) => ({ name: `f${i}`, type: 'int' })) }),
    SchemaErrorCode.TooManyFields,
    '/fields',
  ],
  [
    '10 001 enum symbols',
    'AVRO',
    avroOf({ type: 'enum', name: 'e', symbols: many(10_001, (i) => `S${i}`) }),
    SchemaErrorCode.TooManySymbols,
    '/symbols',
  ],
  [
    'a union of 1 001 branches',
    'AVRO',
    avroOf(many(1_001, (i) => ({ type: 'fixed', name: `F${i}`, size: 1 }))),
    SchemaErrorCode.TooManyBranches,
    '/',
  ],
  [
    '10 001 properties',
    'JSON',
    avroOf({
      type: 'object',
      properties: Object.fromEntries(many(10_001, (i) => [`p${i}`, { type: 'string' }] as const)),
    }),
    SchemaErrorCode.TooManyProperties,
    '/properties',
  ],
  [
    '10 001 enum values',
    'JSON',
    avroOf({ properties: { a: { enum: many(10_001, (i) => i) } } }),
    SchemaErrorCode.TooManySymbols,
    '/properties/a/enum',
  ],
  [
    'a oneOf of 1 001 subschemas',
    'JSON',
    avroOf({ oneOf: many(1_001, (i) => ({ const: i })) }),
    SchemaErrorCode.TooManyBranches,
    '/oneOf',
  ],
  [
    'unknown draft',
    'JSON',
    '{"$schema":"http://json-schema.org/draft-03/schema#"}',
    SchemaErrorCode.UnsupportedDraft,
    '/$schema',
  ],
];

describe('parseSchema rejects bad schemas with a code and a path', () => {
  it.each(BAD)('%s', (_name, schemaType, schema, code, path) => {
    expect(() => parseSchema({ schemaType, schema })).toThrow(expect.objectContaining({ code, path }));
  });

  it('rejects an unknown schema type and a non-string schema', () => {
    expect(() => parseSchema({ schemaType: 'PROTOBUF' as SchemaType, schema: 'syntax = "proto3";' })).toThrow(
      expect.objectContaining({ code: SchemaErrorCode.UnknownSchemaType }),
    );
    expect(() => parseSchema({ schemaType: 'AVRO', schema: { type: 'int' } as unknown as string })).toThrow(
      expect.objectContaining({ code: SchemaErrorCode.InvalidJson }),
    );
  });
});

describe('parseSchema accepts', () => {
  it.each([
    [
      'Avro with named type reuse and recursion',
      'AVRO',
      '{"type":"record","name":"n","namespace":"a.b","fields":[{"name":"next","type":["null","n"],"default":null},{"name":"m","type":{"type":"fixed","name":"md5","size":16}},{"name":"m2","type":"md5"}]}',
    ],
    [
      'Avro logical types',
      'AVRO',
      '{"type":"record","name":"r","fields":[{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}}]}',
    ],
    [
      'draft 7',
      'JSON',
      '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"$ref":"#/definitions/a"}},"definitions":{"a":{"type":"string","format":"email"}}}',
    ],
    [
      'draft 2019-09',
      'JSON',
      '{"$schema":"https://json-schema.org/draft/2019-09/schema","type":"object","$defs":{"a":{"type":"string"}},"properties":{"a":{"$ref":"#/$defs/a"}},"dependentRequired":{"a":["b"]}}',
    ],
    [
      'draft 2020-12',
      'JSON',
      '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[{"type":"string"}],"items":false}',
    ],
    [
      'a $ref to an $id the document declares',
      'JSON',
      '{"$id":"https://example.com/root.json","type":"object","properties":{"a":{"$ref":"https://example.com/root.json#/definitions/a"}},"definitions":{"a":{"type":"string"}}}',
    ],
  ] as const)('%s', (_name, schemaType, schema) => {
    expect(parseSchema({ schemaType, schema }).schemaType).toBe(schemaType);
  });

  it('resolves Avro named types from references', () => {
    const money = '{"type":"record","name":"Money","namespace":"com.acme","fields":[{"name":"cents","type":"long"}]}';
    const order = parseSchema({
      schemaType: 'AVRO',
      schema: '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"total","type":"Money"}]}',
      references: [{ name: 'com.acme.Money', schema: money, source: 'money/1' }],
    });
    expect(order.canonical).toContain('"type":"com.acme.Money"');
  });

  it('resolves JSON Schema $ref to a registry reference by name, without fetching', () => {
    const customer = '{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}';
    const parsed = parseSchema({
      schemaType: 'JSON',
      schema: '{"type":"object","properties":{"customer":{"$ref":"customer.json"}}}',
      references: [{ name: 'customer.json', schema: customer, source: 'customer/1' }],
    });
    expect(parsed.schemaType).toBe('JSON');
  });
});

describe('verifySchema (the task a worker thread runs)', () => {
  it.each(BAD.filter(([name]) => !name.startsWith('10 000 deep')))(
    'answers %s as parseSchema throws it',
    (_name, schemaType, schema) => {
      let thrown: SchemaError | undefined;
      try {
        parseSchema({ schemaType, schema });
      } catch (error) {
        thrown = error as SchemaError;
      }
      const outcome = verifySchema({ input: { schemaType, schema } });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(schemaErrorOf(outcome)).toMatchObject({ code: thrown!.code, message: thrown!.message });
    },
  );

  it('accepts a valid schema, and parsing without the library checks gives the same canonical form', () => {
    const input = {
      schemaType: 'AVRO' as const,
      schema: '{"type":"record","name":"r","fields":[{"name":"a","type":"int"}]}',
    };
    expect(verifySchema({ input })).toEqual({ ok: true });
    expect(parseSchema(input, undefined, { checkWithLibraries: false }).canonical).toBe(parseSchema(input).canonical);
  });
});
