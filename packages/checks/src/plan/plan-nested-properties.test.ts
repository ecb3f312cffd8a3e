import type { MetricCheck, SchemaCheck } from './check-plan';
import { CheckPlanError } from './check-plan.errors';
import { planCheckpoint } from './plan-checkpoint';

type Json = Record<string, unknown>;

function plan(properties: Json[]) {
  return planCheckpoint({
    contract: { id: 'orders', version: '1.0.0', document: { schema: [{ name: 'orders', properties }] } },
  });
}

const address = (children: Json[], extra: Json = {}): Json => ({
  name: 'shipping_address',
  logicalType: 'object',
  properties: children,
  ...extra,
});

describe('planCheckpoint: nested properties', () => {
  it.each<[string, Json[], string[]]>([
    [
      'a required string child: schema, type, not null, not empty',
      [address([{ name: 'city', logicalType: 'string', required: true }])],
      [
        'schema.shipping_address',
        'schema.shipping_address.city',
        'shipping_address.city.type',
        'shipping_address.city.not_null',
        'shipping_address.city.not_empty',
      ],
    ],
    [
      'a child without a logicalType: only its schema',
      [address([{ name: 'note' }])],
      ['schema.shipping_address', 'schema.shipping_address.note'],
    ],
    [
      'two levels down, with numeric bounds and a unique child',
      [
        address([
          {
            name: 'geo',
            logicalType: 'object',
            properties: [{ name: 'lat', logicalType: 'number', logicalTypeOptions: { maximum: 90 } }],
          },
          { name: 'code', logicalType: 'string', unique: true, logicalTypeOptions: { maxLength: 8, format: 'uuid' } },
        ]),
      ],
      [
        'schema.shipping_address',
        'schema.shipping_address.geo',
        'shipping_address.geo.type',
        'schema.shipping_address.geo.lat',
        'shipping_address.geo.lat.type',
        'shipping_address.geo.lat.maximum',
        'schema.shipping_address.code',
        'shipping_address.code.type',
        'shipping_address.code.unique',
        'shipping_address.code.max_length',
        'shipping_address.code.format',
      ],
    ],
    [
      'quality rules on a child',
      [
        address([
          {
            name: 'country',
            logicalType: 'string',
            quality: [
              { name: 'known', metric: 'invalidValues', arguments: { validValues: ['US'] }, mustBe: 0 },
              { name: 'dups', metric: 'duplicateValues', mustBe: 0 },
              { name: 'count', type: 'sql', query: 'SELECT 0 FROM {object}', mustBe: 0 },
            ],
          },
        ]),
      ],
      [
        'schema.shipping_address',
        'schema.shipping_address.country',
        'shipping_address.country.type',
        'shipping_address.country.quality.known',
        'shipping_address.country.quality.dups',
        'shipping_address.country.quality.count',
      ],
    ],
    [
      'an array of objects is checked as its column (items out of scope)',
      [{ name: 'lines', logicalType: 'array', items: { logicalType: 'object', properties: [{ name: 'sku' }] } }],
      ['schema.lines'],
    ],
    [
      'the only primary key nested in an object is not made unique',
      [address([{ name: 'id', primaryKey: true }])],
      ['schema.shipping_address', 'schema.shipping_address.id'],
    ],
  ])('%s', (_name, properties, ids) => {
    expect(plan(properties).checks.map((check) => check.id)).toEqual(ids);
  });

  it('reads a child through its column and path, and names it by its dotted path', () => {
    const checks = plan([address([{ name: 'city', logicalType: 'string', required: true }])]).checks;
    const schema = checks[1] as SchemaCheck;
    expect(schema).toMatchObject({ column: 'shipping_address', path: ['city'], columns: ['shipping_address'] });
    const notNull = checks.find((check) => check.id === 'shipping_address.city.not_null') as MetricCheck;
    expect(notNull).toMatchObject({
      columns: ['shipping_address'],
      path: ['city'],
      meta: { property: 'shipping_address.city' },
      expectation: { kwargs: { column: 'shipping_address.city' } },
      measure: { type: 'count-where', condition: { type: 'is-null', column: 'shipping_address', path: ['city'] } },
    });
    const type = checks.find((check) => check.id === 'shipping_address.city.type') as MetricCheck;
    expect(type.examples).toMatchObject({ type: 'rows', as: 'text' });
  });

  it('lists a numeric child as numbers', () => {
    const checks = plan([address([{ name: 'n', logicalType: 'integer', logicalTypeOptions: { minimum: 0 } }])]).checks;
    const minimum = checks.find((check) => check.id === 'shipping_address.n.minimum') as MetricCheck;
    expect(minimum.examples).toMatchObject({ as: 'number', path: ['n'] });
  });

  it.each<[string, Json]>([
    ['a date bound on a child', { name: 'd', logicalType: 'date', logicalTypeOptions: { minimum: '2020-01-01' } }],
    [
      'a sql rule naming {property} on a child',
      { name: 'c', quality: [{ type: 'sql', query: 'SELECT max({property}) FROM {object}', mustBe: 0 }] },
    ],
  ])('refuses %s as unsupported-check', (_name, child) => {
    expect(() => plan([address([child])])).toThrow(CheckPlanError);
    expect(() => plan([address([child])])).toThrow(expect.objectContaining({ code: 'unsupported-check' }));
  });
});
