#!/usr/bin/env node
// Writes the sample pipeline's events: orders.jsonl, user-events.jsonl and manifest.json beside this script (or in
// the directory given as the first argument). Deterministic: a seeded generator and a fixed clock, so running it
// again writes the same bytes (a test holds the committed files to that).
//
//   node contracts/samples/generate-samples.mjs [outDir]
//
// Each line is one sample: { id, topic, via, expect, note?, value }.
//   via     http        POST /<topic> (one record: the enforcement middleware checks it)
//           http-batch  POST /<topic>/batch (with its neighbours; the producer edge answers per item)
//           kafka       written straight to the topic, past the edge, as a misbehaving producer would; `frame`
//                       says how: valid (the topic's latest schema), wrong-magic, truncated, no-frame (the bare
//                       payload), unknown-schema-id, other-subject (the other topic's schema)
//   expect  stored | stored:duplicate (a re-send of an earlier sample) | rejected:schema | rejected:contract |
//           dead-letter:<class> (deserialization, unknown-schema, wrong-subject, contract-violation, handler-error)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));

/** mulberry32: a small seeded PRNG, so the samples never change unless this file does. */
function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const hex = (length) => Array.from({ length }, () => int(0, 15).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const shuffle = (list) => {
    for (let index = list.length - 1; index > 0; index--) {
      const other = int(0, index);
      [list[index], list[other]] = [list[other], list[index]];
    }
    return list;
  };
  return { next, int, pick, uuid, shuffle };
}

const random = generator(20261206);
/** Orders given the customer and instant of the next one (see the orders section). */
const DOUBLE_SUBMITTED = [120, 240, 360];
/** 2026-11-01T00:00:00Z: every timestamp is within the month after it. */
const EPOCH = Date.UTC(2026, 10, 1);
const CITIES = [
  ['Lyon', 'FR', '69002'],
  ['Berlin', 'DE', '10115'],
  ['Leeds', 'GB', 'LS1 4AP'],
  ['Austin', 'US', '78701'],
  ['Osaka', 'JP', '530-0001'],
];

function order(n) {
  const [city, country, postal] = random.pick(CITIES);
  const shipped = random.next() < 0.6;
  return {
    order_id: random.uuid(),
    customer_id: `c-${String(random.int(1, 400)).padStart(4, '0')}`,
    amount_cents: random.int(199, 250_000),
    currency: random.pick(['EUR', 'USD', 'GBP', 'JPY']),
    status: random.pick(['PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED']),
    placed_at: EPOCH + random.int(0, 30 * 86_400_000),
    coupon_code: random.next() < 0.2 ? random.pick(['WELCOME10', 'SPRING5', 'VIP20']) : null,
    shipping_address: shipped ? { line1: `${n % 200} Market Street`, city, postal_code: postal, country } : null,
  };
}

function userEvent() {
  const type = random.pick(['page_view', 'page_view', 'click', 'signup', 'purchase']);
  const event = {
    event_id: random.uuid(),
    user_id: `u-${String(random.int(1, 300)).padStart(4, '0')}`,
    event_type: type,
    occurred_at: new Date(EPOCH + random.int(0, 30 * 86_400_000)).toISOString(),
  };
  if (random.next() < 0.7) event.session_id = `s-${random.int(1, 5_000)}`;
  if (random.next() < 0.5) {
    event.properties =
      type === 'purchase'
        ? { amount_cents: random.int(199, 50_000), currency: 'EUR' }
        : { path: random.pick(['/', '/cart', '/checkout', '/shoes']), mobile: random.next() < 0.5 };
  }
  return event;
}

/** `count` samples of one kind; `make(n)` returns { via?, frame?, note?, value }. */
function kind(count, expect, make) {
  return Array.from({ length: count }, (_, n) => ({ expect, ...make(n) }));
}

const without = (value, field) => {
  const copy = { ...value };
  delete copy[field];
  return copy;
};

// ---- orders: 600 ------------------------------------------------------------------------------------------------
const validOrders = Array.from({ length: 530 }, (_, n) => order(n));
// Batch-level violations, invisible to per-record enforcement: each order below is valid alone, but three customers
// "double-submit" (a second order id at the same millisecond as another of theirs), which breaks the contract's
// dataset rule one_order_per_customer_instant. Copied from neighbours, so the random sequence is unchanged.
for (const n of DOUBLE_SUBMITTED) {
  validOrders[n].customer_id = validOrders[n + 1].customer_id;
  validOrders[n].placed_at = validOrders[n + 1].placed_at;
}
const orders = [
  ...validOrders.map((value) => ({ expect: 'stored', value })),
  // Clients retry: ten orders sent twice, identical. The second copy is stored as a duplicate, not a second row.
  ...validOrders.slice(0, 10).map((value) => ({ expect: 'stored:duplicate', note: 'a re-send', value })),
  // Refused at the edge for the schema.
  ...kind(4, 'rejected:schema', () => ({ note: 'customer_id missing', value: without(order(0), 'customer_id') })),
  ...kind(4, 'rejected:schema', () => ({
    note: 'amount_cents as text',
    value: { ...order(0), amount_cents: '12.50' },
  })),
  ...kind(4, 'rejected:schema', () => ({ note: 'status not in the enum', value: { ...order(0), status: 'LOST' } })),
  ...kind(3, 'rejected:schema', () => ({
    note: 'placed_at as an ISO string, not epoch milliseconds',
    value: { ...order(0), placed_at: '2026-11-02T10:00:00Z' },
  })),
  // Refused at the edge for the ODCS contract (the schema allows them).
  ...kind(8, 'rejected:contract', () => ({
    note: 'amount_cents below the contract minimum 0',
    value: { ...order(0), amount_cents: -random.int(1, 5_000) },
  })),
  ...kind(7, 'rejected:contract', () => ({
    note: 'currency breaks the contract pattern ^[A-Z]{3}$',
    value: { ...order(0), currency: random.pick(['eur', 'usd', 'EURO', 'E1']) },
  })),
  // Past the edge, straight to Kafka: only the validating consumer can catch these.
  ...kind(4, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'wrong-magic', value: order(0) })),
  ...kind(4, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'truncated', value: order(0) })),
  ...kind(4, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'no-frame', value: order(0) })),
  ...kind(4, 'dead-letter:unknown-schema', () => ({ via: 'kafka', frame: 'unknown-schema-id', value: order(0) })),
  ...kind(4, 'dead-letter:wrong-subject', () => ({
    via: 'kafka',
    frame: 'other-subject',
    note: 'a user event written with user-events-value to the orders topic',
    value: userEvent(),
  })),
  ...kind(6, 'dead-letter:contract-violation', () => ({
    via: 'kafka',
    frame: 'valid',
    note: 'a negative amount written past the edge: the consumer holds it to the contract',
    value: { ...order(0), amount_cents: -random.int(1, 5_000) },
  })),
  // Valid by schema and contract, through the edge, but PostgreSQL cannot store U+0000 in text: the sink refuses
  // it for good and it is dead-lettered rather than retried for ever.
  ...kind(4, 'dead-letter:handler-error', () => ({
    note: 'U+0000 in customer_id: valid for the contract, unstorable in PostgreSQL',
    value: { ...order(0), customer_id: `c-${random.int(1, 400)}\u0000` },
  })),
];

// ---- user-events: 450 -------------------------------------------------------------------------------------------
const validEvents = Array.from({ length: 390 }, () => userEvent());
const userEvents = [
  ...validEvents.map((value) => ({ expect: 'stored', value })),
  ...validEvents.slice(0, 10).map((value) => ({ expect: 'stored:duplicate', note: 'a re-send', value })),
  ...kind(5, 'rejected:schema', () => ({
    note: 'event_type not in the enum',
    value: { ...userEvent(), event_type: 'hover' },
  })),
  ...kind(5, 'rejected:schema', () => ({
    note: 'a property the closed schema does not declare',
    value: { ...userEvent(), page: '/cart' },
  })),
  ...kind(5, 'rejected:schema', () => ({ note: 'occurred_at missing', value: without(userEvent(), 'occurred_at') })),
  ...kind(5, 'rejected:schema', () => ({
    note: 'occurred_at not a date-time',
    value: { ...userEvent(), occurred_at: 'yesterday' },
  })),
  ...kind(5, 'rejected:schema', () => ({ note: 'event_id not a UUID', value: { ...userEvent(), event_id: 'evt-42' } })),
  ...kind(3, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'wrong-magic', value: userEvent() })),
  ...kind(3, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'truncated', value: userEvent() })),
  ...kind(2, 'dead-letter:deserialization', () => ({ via: 'kafka', frame: 'no-frame', value: userEvent() })),
  ...kind(4, 'dead-letter:unknown-schema', () => ({ via: 'kafka', frame: 'unknown-schema-id', value: userEvent() })),
  ...kind(4, 'dead-letter:wrong-subject', () => ({
    via: 'kafka',
    frame: 'other-subject',
    note: 'an order written with orders-value to the user-events topic',
    value: order(0),
  })),
  ...kind(5, 'dead-letter:contract-violation', () => ({
    via: 'kafka',
    frame: 'valid',
    note: 'an unknown event_type written past the edge: the consumer holds it to the schema',
    value: { ...userEvent(), event_type: 'hover' },
  })),
  ...kind(4, 'dead-letter:handler-error', () => ({
    note: 'U+0000 in user_id: valid for the schema, unstorable in PostgreSQL',
    value: { ...userEvent(), user_id: `u-${random.int(1, 300)}\u0000` },
  })),
];

/** Interleaved (shuffled), numbered, and each HTTP sample assigned a route: one in eight alone, the rest in batches. */
function finish(topic, prefix, samples) {
  return random.shuffle(samples).map((sample, index) => ({
    id: `${prefix}-${String(index + 1).padStart(4, '0')}`,
    topic,
    via: sample.via ?? (random.next() < 0.125 ? 'http' : 'http-batch'),
    ...(sample.frame ? { frame: sample.frame } : {}),
    expect: sample.expect,
    ...(sample.note ? { note: sample.note } : {}),
    value: sample.value,
  }));
}

const files = {
  'orders.jsonl': finish('orders', 'orders', orders),
  'user-events.jsonl': finish('user-events', 'user-events', userEvents),
};

/** What a run of a file must report: edge refusals by layer, rows stored (and duplicates), dead letters by class. */
function expected(samples) {
  const counts = {
    samples: samples.length,
    rejected: { schema: 0, rule: 0, contract: 0 },
    produced: 0,
    stored: 0,
    duplicates: 0,
    deadLettered: {
      deserialization: 0,
      'unknown-schema': 0,
      'wrong-subject': 0,
      'contract-violation': 0,
      'handler-error': 0,
    },
  };
  for (const { expect } of samples) {
    const [outcome, detail] = expect.split(':');
    if (outcome === 'rejected') counts.rejected[detail]++;
    else counts.produced++;
    if (outcome === 'stored') counts.stored++;
    if (expect === 'stored:duplicate') counts.duplicates++;
    if (outcome === 'dead-letter') counts.deadLettered[detail]++;
  }
  return counts;
}

mkdirSync(outDir, { recursive: true });
const manifest = {
  description:
    'The sample pipeline events (charter pipeline run): what a run of each file must report. Generated by generate-samples.mjs; do not edit.',
  files: {},
};
for (const [name, samples] of Object.entries(files)) {
  writeFileSync(join(outDir, name), `${samples.map((sample) => JSON.stringify(sample)).join('\n')}\n`);
  manifest.files[name] = expected(samples);
}
// What `charter checkpoint` must report on staging.orders after a run (packages/checks; docs/adr/0011): exactly
// these checks fail. `seeded`: batch-level rules the streaming edge cannot see — coupon_code is null in about 80% of
// orders (the generator gives one order in five a coupon) against a ceiling of 75%, and the double-submitted orders
// above. `stale`: the rules measured against the clock — the samples sit in November 2026 (a fixed clock), so any
// later run finds them older than an hour, than 15 minutes and than the 5 s latency SLA.
const stored = validOrders;
const couponNullPercent = (100 * stored.filter((value) => value.coupon_code === null).length) / stored.length;
if (couponNullPercent <= 75) throw new Error(`coupon_code is null in ${couponNullPercent}% of orders: not seeded`);
manifest.checkpoint = {
  contract: 'contracts/orders/contract.odcs.yaml',
  table: 'staging.orders',
  rows: stored.length,
  failing: {
    seeded: ['coupon_code.quality.coupon_usage_floor', 'quality.one_order_per_customer_instant'],
    stale: ['quality.hourly_row_count', 'quality.freshness', 'sla.latency'],
  },
  observed: {
    'coupon_code.quality.coupon_usage_floor': Math.round(couponNullPercent * 100) / 100,
    'quality.one_order_per_customer_instant': DOUBLE_SUBMITTED.length,
  },
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
