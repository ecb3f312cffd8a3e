import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DriftEvent,
  DriftProfiler,
  type FieldSpec,
  fieldSpecsFromAvroSchema,
  fieldSpecsFromContract,
  parseStoredProfile,
  profileRecords,
} from '../src';
import { orderGenerator, ordersContract, STATIONARY, type StreamShape } from './order-stream';

const contract = ordersContract();
const fields: FieldSpec[] = fieldSpecsFromContract(contract.document, { drift: contract.drift });

function profiler(events: DriftEvent[], extra: Partial<ConstructorParameters<typeof DriftProfiler>[0]> = {}) {
  let tested = 0;
  const instance = new DriftProfiler({
    contract: { id: contract.id, version: contract.version },
    source: 'kafka:orders',
    fields,
    settings: { windowRecords: 10_000, baselineWindows: 3 },
    onDrift: (event) => events.push(event),
    onWindow: (window) => {
      if (window.phase === 'tested') tested++;
    },
    ...extra,
  });
  return { instance, tested: () => tested };
}

describe('fields from the orders contract', () => {
  it('reads kinds from logical types, nested paths dotted, overrides applied', () => {
    expect(Object.fromEntries(fields.map((field) => [field.path, field.kind]))).toEqual({
      order_id: 'text',
      customer_id: 'text',
      amount_cents: 'numeric',
      currency: 'categorical',
      status: 'categorical',
      placed_at: 'timestamp',
      coupon_code: 'categorical',
      'shipping_address.line1': 'categorical',
      'shipping_address.city': 'categorical',
      'shipping_address.postal_code': 'categorical',
      'shipping_address.country': 'categorical',
    });
  });
});

describe('a stationary stream', () => {
  it('raises no drift event over 1 000 000 records at the default thresholds', () => {
    const events: DriftEvent[] = [];
    const { instance, tested } = profiler(events, { settings: undefined });
    const next = orderGenerator(20261206);
    const started = performance.now();
    for (let n = 0; n < 1_000_000; n++) instance.observe(next(n));
    const ms = performance.now() - started;
    expect(tested()).toBe(97);
    expect(events).toEqual([]);
    // Not a timing test: a guard that profiling stays in the "few seconds" class it was built for.
    expect(ms).toBeLessThan(30_000);
  });
});

describe('injected shifts are flagged within one window', () => {
  const shifted: Array<[string, Partial<StreamShape>, { field: string; test: string }]> = [
    ['a numeric mean shift (+1 sd)', { amountMean: 6_500 }, { field: 'amount_cents', test: 'ks' }],
    [
      'a categorical mix change',
      {
        currencies: [
          ['EUR', 0.2],
          ['USD', 0.3],
          ['GBP', 0.5],
        ],
      },
      { field: 'currency', test: 'psi' },
    ],
    [
      'a null-rate jump (10 % → 20 %)',
      { addressNullRate: 0.2 },
      { field: 'shipping_address.country', test: 'null-rate' },
    ],
    [
      'a new category (8 % JPY)',
      {
        currencies: [
          ['EUR', 0.46],
          ['USD', 0.28],
          ['GBP', 0.18],
          ['JPY', 0.08],
        ],
      },
      { field: 'currency', test: 'psi' },
    ],
  ];

  it.each(shifted)('%s', (_name, change, expected) => {
    const events: DriftEvent[] = [];
    const { instance } = profiler(events);
    const next = orderGenerator(7);
    let n = 0;
    for (; n < 30_000; n++) instance.observe(next(n));
    expect(instance.baselineReady).toBe(true);
    for (let i = 0; i < 10_000; i++, n++) instance.observe(next(n, { ...STATIONARY, ...change }));
    // The first shifted window closed: it is flagged, on the shifted field and only there.
    expect(events.map(({ field, test }) => ({ field, test }))).toContainEqual(expected);
    expect(new Set(events.map((event) => event.field.split('.')[0]))).toEqual(new Set([expected.field.split('.')[0]]));
    const event = events.find((candidate) => candidate.field === expected.field)!;
    expect(event).toMatchObject({
      contract: 'orders',
      contract_version: contract.version,
      source: 'kafka:orders',
      window: { count: 10_000 },
      baseline: { windows: 3, count: 30_000 },
    });
    expect(event.statistic).toBeGreaterThan(event.threshold);
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('closes time-based windows by the clock, whichever limit comes first', () => {
    const events: DriftEvent[] = [];
    let clock = 0;
    const { instance } = profiler(events, {
      settings: { windowRecords: 1_000_000, windowMs: 60_000, baselineWindows: 2 },
      now: () => clock,
    });
    const next = orderGenerator(11);
    let n = 0;
    for (let minute = 0; minute < 3; minute++) {
      for (let i = 0; i < 5_000; i++, n++) {
        clock += 12;
        instance.observe(next(n, minute < 2 ? STATIONARY : { ...STATIONARY, amountMean: 9_000 }));
      }
    }
    instance.flush();
    expect(events.map(({ field, test }) => `${field}/${test}`)).toEqual(['amount_cents/ks']);
    expect(events[0]!.window.start).toBe(new Date(120_000).toISOString());
  });
});

describe('a stored baseline (charter profile)', () => {
  it('round-trips through JSON and flags the first shifted window', async () => {
    const next = orderGenerator(3);
    const records = Array.from({ length: 30_000 }, (_, n) => next(n));
    const stored = await profileRecords(records, {
      contract: { id: 'orders', version: contract.version },
      source: 'orders.jsonl',
      fields,
    });
    expect(stored).toMatchObject({ windows: 3, count: 30_000 });
    expect(stored!.fields.currency!.categories!.counts).toEqual({
      EUR: expect.any(Number),
      GBP: expect.any(Number),
      USD: expect.any(Number),
    });
    const baseline = parseStoredProfile(JSON.parse(JSON.stringify(stored)));
    const events: DriftEvent[] = [];
    const { instance } = profiler(events, { baseline });
    for (let n = 0; n < 10_000; n++) instance.observe(next(n, { ...STATIONARY, couponNullRate: 0.9 }));
    expect(events.map(({ field, test }) => `${field}/${test}`)).toEqual(['coupon_code/null-rate']);
    expect(events[0]!.baseline).toEqual({ windows: 3, count: 30_000 });
  });

  // Bad inputs tried: another format, a truncated register string, a negative count, not an object.
  it.each([
    ['another format', (p: Record<string, unknown>) => ({ ...p, format: 'great-expectations' })],
    [
      'truncated registers',
      (p: Record<string, unknown>) => withField(p, { distinct: { estimate: 1, registers: 'AAAA' } }),
    ],
    ['a negative count', (p: Record<string, unknown>) => ({ ...p, count: -1 })],
    ['not an object', () => [1, 2, 3]],
  ])('refuses %s as invalid-profile', async (_name, corrupt) => {
    const stored = await profileRecords([{ amount_cents: 1 }], { contract: { id: 'orders' }, source: 's', fields });
    const value = corrupt(JSON.parse(JSON.stringify(stored)));
    expect(() => parseStoredProfile(value)).toThrow(expect.objectContaining({ code: 'invalid-profile' }));
  });
});

function withField(profile: Record<string, unknown>, change: Record<string, unknown>) {
  const fields = profile.fields as Record<string, Record<string, unknown>>;
  return { ...profile, fields: { ...fields, amount_cents: { ...fields.amount_cents, ...change } } };
}

describe('fields from an Avro writer schema (a topic without a contract)', () => {
  it('reads kinds from Avro types: nullable unions unwrapped, nested records dotted, overrides applied', () => {
    const v3 = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', '..', 'contracts', 'orders', 'schemas', 'orders-value', 'v3.avsc'),
        'utf8',
      ),
    );
    const specs = fieldSpecsFromAvroSchema(v3, {
      drift: { fields: { order_id: { kind: 'text' }, customer_id: { ignore: true } } },
    });
    expect(Object.fromEntries(specs.map((field) => [field.path, field.kind]))).toEqual({
      order_id: 'text',
      amount_cents: 'numeric',
      currency: 'categorical',
      status: 'categorical',
      placed_at: 'timestamp',
      coupon_code: 'categorical',
      'shipping_address.line1': 'categorical',
      'shipping_address.city': 'categorical',
      'shipping_address.postal_code': 'categorical',
      'shipping_address.country': 'categorical',
    });
  });

  // Types tried that are not profiled: an array, a map, bytes, a decimal, a union of two types; a recursive record
  // (visited once); a named type referenced again.
  it('leaves out what it cannot profile and follows named types', () => {
    const schema = {
      type: 'record',
      name: 'Node',
      namespace: 'x',
      fields: [
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'attributes', type: { type: 'map', values: 'string' } },
        { name: 'raw', type: 'bytes' },
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
        { name: 'either', type: ['int', 'string'] },
        { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
        { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
        { name: 'again', type: ['null', 'Kind'] },
        { name: 'flag', type: 'boolean' },
        { name: 'next', type: ['null', 'Node'] },
      ],
    };
    expect(fieldSpecsFromAvroSchema(schema).map((field) => `${field.path}:${field.kind}`)).toEqual([
      'id:text',
      'kind:categorical',
      'again:categorical',
      'flag:boolean',
    ]);
  });
});
