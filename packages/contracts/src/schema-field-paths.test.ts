import { schemaFieldPaths } from './schema-field-paths';

describe('schemaFieldPaths', () => {
  it('lists Avro fields with nested records (through nullable unions and arrays) as dotted paths', () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'id', type: 'string' },
        {
          name: 'address',
          type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }],
          default: null,
        },
        {
          name: 'lines',
          type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } },
        },
        { name: 'next', type: ['null', 'Order'], default: null },
      ],
    });
    expect(schemaFieldPaths('AVRO', schema)).toEqual(['id', 'address', 'address.city', 'lines', 'lines.sku', 'next']);
  });

  it('lists JSON Schema properties with nested objects as dotted paths, without following $ref', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: {
        id: { type: 'string' },
        customer: { type: 'object', properties: { email: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' } } } },
        other: { $ref: '#/definitions/Other' },
      },
      definitions: { Other: { type: 'object', properties: { hidden: { type: 'string' } } } },
    });
    expect(schemaFieldPaths('JSON', schema)).toEqual(['id', 'customer', 'customer.email', 'tags', 'tags.key', 'other']);
  });

  it('throws the schema engine error for a schema it cannot parse', () => {
    expect(() => schemaFieldPaths('AVRO', '{"type": "record"')).toThrow(
      expect.objectContaining({ code: 'invalid-json' }),
    );
  });
});
