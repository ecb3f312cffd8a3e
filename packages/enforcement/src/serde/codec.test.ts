import fc from 'fast-check';
import { compileCodec } from './codec';

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    {
      name: 'lines',
      type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } },
    },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};
const noReferences = () => Promise.reject(new Error('no references here'));
const avro = () =>
  compileCodec({ id: 1, schemaType: 'AVRO', schema: JSON.stringify(ORDER), references: [] }, noReferences);
const json = (schema: unknown) =>
  compileCodec({ id: 2, schemaType: 'JSON', schema: JSON.stringify(schema), references: [] }, noReferences);

describe('Avro codec', () => {
  it('refuses an array where the record is expected as one violation, not one per field', async () => {
    const codec = await avro();
    expect(codec.validate([{ id: 'o-1', amount_cents: 1, lines: [] }])).toEqual([
      { rule: 'schema', path: '', message: expect.stringMatching(/is not a valid record$/) },
    ]);
    expect(codec.validate([])).toHaveLength(1);
  });

  it('round-trips a conforming record and names the record', async () => {
    const codec = await avro();
    const order = { id: 'o-1', amount_cents: 1250, lines: [{ sku: 'A' }], note: null };
    expect(codec.validate(order)).toEqual([]);
    expect(codec.decode(codec.encode(order))).toEqual(order);
    expect(codec.recordName).toBe('com.acme.Order');
  });

  it('lists every violation with a JSON pointer to it', async () => {
    const codec = await avro();
    const violations = codec.validate({ id: 7, amount_cents: 1.5, lines: [{ sku: 'A' }, { sku: null }], note: null });
    expect(violations.map((violation) => violation.path)).toEqual(['/id', '/amount_cents', '/lines/1/sku']);
    expect(violations[0]).toEqual({ rule: 'schema', path: '/id', message: '7 is not a valid string' });
  });

  it('refuses a truncated or overlong payload as a deserialization error', async () => {
    const codec = await avro();
    const payload = codec.encode({ id: 'o-1', amount_cents: 1, lines: [], note: 'x' });
    expect(() => codec.decode(payload.subarray(0, payload.length - 1))).toThrow(
      expect.objectContaining({ errorClass: 'deserialization' }),
    );
    expect(() => codec.decode(Buffer.concat([payload, Buffer.of(0)]))).toThrow(
      expect.objectContaining({ errorClass: 'deserialization' }),
    );
  });
});

describe('JSON Schema codec', () => {
  const person = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Person',
    type: 'object',
    properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
    required: ['name'],
    additionalProperties: false,
  };

  it('checks with the schema’s own draft and formats, listing every violation', async () => {
    const codec = await json(person);
    expect(codec.recordName).toBe('Person');
    expect(codec.validate({ name: 'Ada', email: 'ada@example.com' })).toEqual([]);
    const violations = codec.validate({ email: 'not-an-email', extra: 1 });
    expect(violations.map((violation) => [violation.rule, violation.path])).toEqual([
      ['schema/required', ''],
      ['schema/additionalProperties', ''],
      ['schema/format', '/email'],
    ]);
  });

  it('uses 2020-12 when the schema says so', async () => {
    const codec = await json({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: false,
    });
    expect(codec.validate(['a'])).toEqual([]);
    expect(codec.validate(['a', 'b']).map((violation) => violation.rule)).toEqual(['schema/items']);
  });

  it('refuses bytes that are not UTF-8 JSON as a deserialization error', async () => {
    const codec = await json(person);
    expect(codec.decode(codec.encode({ name: 'Ada' }))).toEqual({ name: 'Ada' });
    for (const payload of [Buffer.from('{"name":'), Buffer.of(0xff, 0xfe), Buffer.from('')]) {
      expect(() => codec.decode(payload)).toThrow(expect.objectContaining({ errorClass: 'deserialization' }));
    }
  });
});

describe('round trip (property)', () => {
  it('every valid order decodes to itself through the Avro codec (longs over the whole safe range)', async () => {
    const codec = await avro();
    const order = fc.record({
      id: fc.string(),
      amount_cents: fc.maxSafeInteger(),
      lines: fc.array(fc.record({ sku: fc.string() }), { maxLength: 5 }),
      note: fc.option(fc.string(), { nil: null }),
    });
    fc.assert(
      fc.property(order, (value) => {
        expect(codec.validate(value)).toEqual([]);
        expect(codec.decode(codec.encode(value))).toEqual(value);
      }),
    );
  });

  it('every JSON value decodes to itself through the JSON codec', async () => {
    const codec = await json({ type: ['object', 'array', 'string', 'number', 'boolean', 'null'] });
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(codec.decode(codec.encode(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
