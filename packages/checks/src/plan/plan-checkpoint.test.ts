import fc from 'fast-check';
import type { MetricCheck, Threshold } from './check-plan';
import { CheckPlanError } from './check-plan.errors';
import { planCheckpoint } from './plan-checkpoint';
import { satisfiesThreshold } from './threshold';

type Json = Record<string, unknown>;

function contractWith(object: Json, document: Json = {}) {
  return { id: 'orders', version: '1.0.0', document: { schema: [{ name: 'orders', ...object }], ...document } };
}

function plan(object: Json, document: Json = {}) {
  return planCheckpoint({ contract: contractWith(object, document) });
}

function planError(object: Json, document: Json = {}): string {
  try {
    plan(object, document);
  } catch (error) {
    if (error instanceof CheckPlanError) return error.code;
    throw error;
  }
  throw new Error('planned without an error');
}

describe('planCheckpoint', () => {
  it.each<[string, Json, string[]]>([
    ['a bare property: its schema only', { properties: [{ name: 'a' }] }, ['schema.a']],
    [
      'required string: not null and not empty',
      { properties: [{ name: 'a', logicalType: 'string', required: true }] },
      ['schema.a', 'a.not_null', 'a.not_empty'],
    ],
    [
      'required integer: no empty-string check',
      { properties: [{ name: 'n', logicalType: 'integer', required: true }] },
      ['schema.n', 'n.not_null'],
    ],
    ['the only primary key is unique', { properties: [{ name: 'id', primaryKey: true }] }, ['schema.id', 'id.unique']],
    [
      'a composite key is not unique column by column',
      {
        properties: [
          { name: 'a', primaryKey: true },
          { name: 'b', primaryKey: true },
        ],
      },
      ['schema.a', 'schema.b'],
    ],
    [
      'number bounds, inclusive and exclusive',
      {
        properties: [
          {
            name: 'n',
            logicalType: 'number',
            logicalTypeOptions: { minimum: 0, exclusiveMaximum: 10, multipleOf: 2 },
          },
        ],
      },
      ['schema.n', 'n.minimum', 'n.exclusive_maximum'],
    ],
    [
      'string options',
      {
        properties: [
          {
            name: 's',
            logicalType: 'string',
            logicalTypeOptions: { minLength: 1, maxLength: 5, pattern: '^a', format: 'uuid' },
          },
        ],
      },
      ['schema.s', 's.min_length', 's.max_length', 's.pattern', 's.format'],
    ],
    [
      'a storage format is not checked',
      { properties: [{ name: 's', logicalType: 'string', logicalTypeOptions: { format: 'password' } }] },
      ['schema.s'],
    ],
    [
      'text and custom rules are not evaluated',
      {
        properties: [{ name: 'a' }],
        quality: [
          { type: 'text', description: 'looks fine' },
          { type: 'custom', engine: 'soda', implementation: 'x' },
        ],
      },
      ['schema.a'],
    ],
    [
      'unnamed rules are numbered',
      { properties: [{ name: 'a' }], quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }] },
      ['schema.a', 'quality.0'],
    ],
  ])('%s', (_name, object, ids) => {
    expect(plan(object).checks.map((check) => check.id)).toEqual(ids);
  });

  it.each<[string, Json, Json, string]>([
    [
      'an unknown metric',
      { properties: [{ name: 'a', quality: [{ metric: 'nullCount', mustBe: 0 }] }] },
      {},
      'unknown-metric',
    ],
    [
      'the deprecated rule field with an unknown name',
      { properties: [{ name: 'a', quality: [{ type: 'library', rule: 'blanks', mustBe: 0 }] }] },
      {},
      'unknown-metric',
    ],
    ['no operator', { properties: [{ name: 'a', quality: [{ metric: 'nullValues' }] }] }, {}, 'invalid-rule'],
    [
      'two operators',
      { properties: [{ name: 'a', quality: [{ metric: 'nullValues', mustBe: 0, mustBeLessThan: 3 }] }] },
      {},
      'invalid-rule',
    ],
    ['between with bounds reversed', { quality: [{ metric: 'rowCount', mustBeBetween: [10, 1] }] }, {}, 'invalid-rule'],
    ['a property metric on the object', { quality: [{ metric: 'nullValues', mustBe: 0 }] }, {}, 'invalid-rule'],
    [
      'invalidValues without arguments',
      { properties: [{ name: 'a', quality: [{ metric: 'invalidValues', mustBe: 0 }] }] },
      {},
      'invalid-rule',
    ],
    [
      'an object duplicateValues without properties',
      { quality: [{ metric: 'duplicateValues', mustBe: 0 }] },
      {},
      'invalid-rule',
    ],
    ['rowCount in percent', { quality: [{ metric: 'rowCount', unit: 'percent', mustBe: 0 }] }, {}, 'invalid-rule'],
    ['an unknown unit', { quality: [{ metric: 'rowCount', unit: 'bytes', mustBe: 0 }] }, {}, 'invalid-rule'],
    [
      '{property} in an object rule',
      { quality: [{ type: 'sql', query: 'SELECT max({property}) FROM {object}', mustBe: 0 }] },
      {},
      'invalid-rule',
    ],
    [
      'an SLA with a unit that is not a time',
      { properties: [{ name: 'ts' }] },
      { slaProperties: [{ property: 'latency', value: 5, unit: 'parsecs', element: 'orders.ts' }] },
      'invalid-rule',
    ],
    [
      'two rules with the same name',
      {
        quality: [
          { name: 'r', metric: 'rowCount', mustBe: 1 },
          { name: 'r', metric: 'rowCount', mustBe: 2 },
        ],
      },
      {},
      'invalid-rule',
    ],
  ])('refuses %s', (_name, object, document, code) => {
    expect(planError(object, document)).toBe(code);
  });

  it('names the object to check when the contract has several', () => {
    const contract = { id: 'c', version: '1.0.0', document: { schema: [{ name: 'a' }, { name: 'b' }] } };
    expect(() => planCheckpoint({ contract })).toThrow(expect.objectContaining({ code: 'object-required' }));
    expect(() => planCheckpoint({ contract, object: 'z' })).toThrow(
      expect.objectContaining({ code: 'unknown-object' }),
    );
    expect(planCheckpoint({ contract, object: 'b' }).object).toBe('b');
  });

  it('fills {object} and {property} with quoted identifiers', () => {
    const { checks } = plan({
      properties: [
        { name: 'odd"name', quality: [{ type: 'sql', query: 'SELECT max({property}) FROM {object}', mustBe: 1 }] },
      ],
    });
    expect(checks[1]).toMatchObject({ kind: 'sql', query: 'SELECT max("odd""name") FROM "orders"' });
  });

  it('reads percent units and missing-value lists', () => {
    const [, missing] = plan({
      properties: [
        {
          name: 'c',
          quality: [
            {
              metric: 'missingValues',
              arguments: { missingValues: [null, '', 'N/A'] },
              unit: 'percent',
              mustBeLessThan: 5,
            },
          ],
        },
      ],
    }).checks as MetricCheck[];
    expect(missing).toMatchObject({
      observe: 'percent',
      measure: { type: 'count-where', condition: { type: 'missing', column: 'c', values: ['', 'N/A'] } },
      threshold: { operator: 'mustBeLessThan', value: 5 },
    });
  });

  it('plans latency SLAs on this object only, in seconds', () => {
    const checks = plan(
      { properties: [{ name: 'ts', logicalType: 'timestamp' }] },
      {
        slaProperties: [
          { property: 'latency', value: 15, unit: 'm', element: 'orders.ts' },
          { property: 'latency', value: 1, unit: 'd', element: 'customers.ts' },
          { property: 'retention', value: 7, unit: 'd', element: 'orders.ts' },
        ],
      },
    ).checks;
    expect(checks.map((check) => check.id)).toEqual(['schema.ts', 'sla.latency']);
    expect((checks[1] as MetricCheck).threshold).toEqual({ operator: 'mustBeLessOrEqualTo', value: 900 });
  });
});

describe('satisfiesThreshold', () => {
  it.each<[unknown, Threshold, boolean]>([
    [0, { operator: 'mustBe', value: 0 }, true],
    ['0', { operator: 'mustBe', value: 0 }, true],
    [1, { operator: 'mustBe', value: 0 }, false],
    [1, { operator: 'mustNotBe', value: 0 }, true],
    [null, { operator: 'mustNotBe', value: 0 }, false],
    [5, { operator: 'mustBeGreaterThan', value: 5 }, false],
    [5, { operator: 'mustBeGreaterOrEqualTo', value: 5 }, true],
    [5, { operator: 'mustBeLessThan', value: 5 }, false],
    [5, { operator: 'mustBeLessOrEqualTo', value: 5 }, true],
    [5, { operator: 'mustBeBetween', value: [5, 10] }, true],
    [11, { operator: 'mustBeBetween', value: [5, 10] }, false],
    [5, { operator: 'mustNotBeBetween', value: [5, 10] }, false],
    [4, { operator: 'mustNotBeBetween', value: [5, 10] }, true],
    [null, { operator: 'mustBeLessThan', value: 5 }, false],
    ['abc', { operator: 'mustBeGreaterThan', value: 0 }, false],
    [BigInt(7), { operator: 'mustBe', value: 7 }, true],
  ])('%p %j → %p', (observed, threshold, expected) => {
    expect(satisfiesThreshold(observed, threshold)).toBe(expected);
  });

  it('between and not-between are complements (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.nat(), (x, low, width) => {
        const bounds = [low, low + width + 1];
        return (
          satisfiesThreshold(x, { operator: 'mustBeBetween', value: bounds }) !==
          satisfiesThreshold(x, { operator: 'mustNotBeBetween', value: bounds })
        );
      }),
      { seed: 15, numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1000) },
    );
  });
});
