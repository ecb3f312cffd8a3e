import { parseSchema } from '../parse-schema';
import { diffSchemas } from './diff-schemas';
import type { ChangeKind } from './schema-change';

const avroRecord = (fields: unknown[]) =>
  parseSchema({ schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'order', fields }) });
const json = (schema: unknown) => parseSchema({ schemaType: 'JSON', schema: JSON.stringify(schema) });
const id = { name: 'id', type: 'long' };

const CASES: Array<
  [
    string,
    ReturnType<typeof parseSchema>,
    ReturnType<typeof parseSchema>,
    Array<[ChangeKind, string, boolean, boolean]>,
  ]
> = [
  [
    'Avro field added with default',
    avroRecord([id]),
    avroRecord([id, { name: 'note', type: 'string', default: '' }]),
    [['field-added-with-default', 'note', false, false]],
  ],
  [
    'Avro field added without default',
    avroRecord([id]),
    avroRecord([id, { name: 'note', type: 'string' }]),
    [['field-added-without-default', 'note', true, false]],
  ],
  [
    'Avro field removed',
    avroRecord([id, { name: 'note', type: 'string' }]),
    avroRecord([id]),
    [['field-removed', 'note', false, true]],
  ],
  [
    'Avro field renamed by alias',
    avroRecord([id, { name: 'note', type: 'string' }]),
    avroRecord([id, { name: 'remark', type: 'string', aliases: ['note'] }]),
    [['field-renamed', 'remark', false, true]],
  ],
  [
    'Avro int widened to long',
    avroRecord([{ name: 'qty', type: 'int' }]),
    avroRecord([{ name: 'qty', type: 'long' }]),
    [['type-widened', 'qty', false, true]],
  ],
  [
    'Avro long narrowed to int',
    avroRecord([{ name: 'qty', type: 'long' }]),
    avroRecord([{ name: 'qty', type: 'int' }]),
    [['type-narrowed', 'qty', true, false]],
  ],
  [
    'Avro type changed',
    avroRecord([{ name: 'qty', type: 'long' }]),
    avroRecord([{ name: 'qty', type: 'string' }]),
    [['type-changed', 'qty', true, true]],
  ],
  [
    'Avro nullable added',
    avroRecord([{ name: 'qty', type: 'long' }]),
    avroRecord([{ name: 'qty', type: ['null', 'long'], default: null }]),
    [
      ['default-changed', 'qty', false, false],
      ['type-widened', 'qty', false, true],
    ],
  ],
  [
    'Avro nested enum extended',
    avroRecord([{ name: 'status', type: { type: 'enum', name: 'S', symbols: ['NEW'] } }]),
    avroRecord([{ name: 'status', type: { type: 'enum', name: 'S', symbols: ['NEW', 'PAID'] } }]),
    [['enum-extended', 'status', false, true]],
  ],
  [
    'Avro nested record field removed',
    avroRecord([
      { name: 'customer', type: { type: 'record', name: 'C', fields: [id, { name: 'email', type: 'string' }] } },
    ]),
    avroRecord([{ name: 'customer', type: { type: 'record', name: 'C', fields: [id] } }]),
    [['field-removed', 'customer.email', false, true]],
  ],
  [
    'JSON optional property added to closed model',
    json({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }),
    json({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, additionalProperties: false }),
    [['field-added-optional', 'b', false, true]],
  ],
  [
    'JSON property removed from closed model',
    json({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, additionalProperties: false }),
    json({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }),
    [['field-removed', 'b', true, false]],
  ],
  [
    'JSON required added',
    json({ type: 'object', properties: { a: { type: 'string' } } }),
    json({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }),
    [['required-added', 'a', true, false]],
  ],
  [
    'JSON nested type widened',
    json({ properties: { o: { properties: { n: { type: 'integer' } } } } }),
    json({ properties: { o: { properties: { n: { type: 'number' } } } } }),
    [['type-widened', 'o.n', false, true]],
  ],
  [
    'JSON enum narrowed',
    json({ properties: { s: { enum: ['a', 'b'] } } }),
    json({ properties: { s: { enum: ['a'] } } }),
    [['enum-narrowed', 's', true, false]],
  ],
  [
    'JSON maxLength tightened',
    json({ type: 'string', maxLength: 10 }),
    json({ type: 'string', maxLength: 5 }),
    [['constraint-tightened', '', true, false]],
  ],
];

describe('diffSchemas classifies changes', () => {
  it.each(CASES)('%s', (_name, before, after, expected) => {
    const changes = diffSchemas(before, after).map((c) => [c.kind, c.field, c.breaking.backward, c.breaking.forward]);
    expect(changes).toEqual(expected);
  });

  it('reports a format change as a breaking type change', () => {
    const [change] = diffSchemas(json({ type: 'string' }), parseSchema({ schemaType: 'AVRO', schema: '"string"' }));
    expect(change).toMatchObject({ kind: 'type-changed', breaking: { backward: true, forward: true } });
  });
});
