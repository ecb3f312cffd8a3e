import { applyPickedChange, fieldsOfSchema, impactChangesOf, readCandidate } from './what-if';

/** orders-value as contracts/orders declares it, reduced to what the cases touch. */
const V3 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'com.acme.orders',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    { name: 'coupon_code', type: ['null', 'string'], default: null },
  ],
});

describe('the what-if', () => {
  it('drops a field and asks lineage about field-removed', () => {
    const reading = readCandidate(V3, applyPickedChange(V3, 'AVRO', { field: 'amount_cents', change: 'drop' }), 'AVRO');
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(impactChangesOf(reading.breaking)).toEqual([{ field: 'amount_cents', change: 'field-removed' }]);
    expect(fieldsOfSchema(reading.candidate.canonical, 'AVRO')).not.toContain('amount_cents');
  });

  it('retypes a field as a type change', () => {
    const candidate = applyPickedChange(V3, 'AVRO', { field: 'amount_cents', change: 'retype', newType: 'string' });
    const reading = readCandidate(V3, candidate, 'AVRO');
    expect(reading.ok && impactChangesOf(reading.breaking).map((change) => change.field)).toEqual(['amount_cents']);
  });

  it('reports a paste that does not parse with its code and path', () => {
    const bad = readCandidate(V3, '{"type":"record","name":"X","fields":[{"name":"a","type":"money"}]}', 'AVRO');
    expect(bad).toEqual({ ok: false, problem: expect.objectContaining({ path: '/fields/0/type' }) });
    const broken = readCandidate(V3, '{"type": "record",', 'AVRO');
    expect(broken).toEqual({ ok: false, problem: expect.objectContaining({ code: 'invalid-json' }) });
  });

  it('renames a JSON Schema property and keeps it required', () => {
    const schema = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
    const renamed = JSON.parse(applyPickedChange(schema, 'JSON', { field: 'a', change: 'rename', newName: 'b' }));
    expect(renamed).toEqual({ type: 'object', properties: { b: { type: 'string' } }, required: ['b'] });
    expect(() => applyPickedChange(schema, 'JSON', { field: 'zz', change: 'drop' })).toThrow();
  });
});
