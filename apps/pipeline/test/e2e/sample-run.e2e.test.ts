import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPipelineSamples, runPipelineSamples } from '@charter/cli';
import { inspectDeadLetters } from '@charter/enforcement/kafka';
import { readOpenLineageEvent } from '@charter/lineage-core';
import {
  createTestDatabase,
  type RecordingServer,
  startRecordingServer,
  type TestDatabase,
  waitUntil,
} from '@charter/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { MIGRATIONS_DIR } from '../../src/storage/open-database';
import {
  type PipelineServices,
  SAMPLES_DIR,
  startPipelineServices,
  startTestPipeline,
  type TestPipeline,
} from '../support/test-pipeline';

/**
 * The whole sample pipeline on real services: the registry with contracts/, a Kafka-protocol broker, PostgreSQL,
 * and a recording server standing in for the lineage service. The samples go through and every record is accounted
 * for — in the run's report, in the tables by SQL, in the dead-letter topics read from Kafka, and in the lineage.
 */
let services: PipelineServices;
let lineage: RecordingServer;
let database: TestDatabase;
let pipeline: TestPipeline;
const manifest = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as {
  files: Record<string, { stored: number; duplicates: number; produced: number; deadLettered: Record<string, number> }>;
};

beforeAll(async () => {
  [services, lineage, database] = await Promise.all([
    startPipelineServices(),
    startRecordingServer(() => 201),
    createTestDatabase({ migrationsDir: MIGRATIONS_DIR }),
  ]);
  pipeline = await startTestPipeline(services, {
    database,
    env: { CHARTER_LINEAGE_URL: lineage.origin, CHARTER_PIPELINE_MAX_BATCH: '150' },
  });
}, 60_000);
afterAll(async () => {
  await pipeline?.close();
  await lineage?.close();
  await services?.close();
  await database?.drop();
});

async function count(sql: string): Promise<number> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(sql)).rows[0]!.count);
  } finally {
    await client.end();
  }
}

const kafkaClient = () =>
  new Kafka({ clientId: 'pipeline-test', brokers: services.kafka.brokers, logLevel: logLevel.NOTHING });

describe('the sample run', () => {
  it('stores, refuses and dead-letters exactly the seeded counts, and loses nothing', async () => {
    const files = await readPipelineSamples([
      path.join(SAMPLES_DIR, 'orders.jsonl'),
      path.join(SAMPLES_DIR, 'user-events.jsonl'),
    ]);
    const report = await runPipelineSamples({
      pipelineUrl: pipeline.url,
      files,
      registryCredentials: services.registry.adminKey,
      timeoutMs: 45_000,
    });
    expect(report.failures).toEqual([]);
    expect(report.streams.map((stream) => [stream.topic, stream.differences])).toEqual([
      ['orders', []],
      ['user-events', []],
    ]);
    expect(report.ok).toBe(true);
    const [orders, userEvents] = report.streams;
    expect(orders).toMatchObject({ sent: 600, rejected: { schema: 15, contract: 15, rule: 0 }, produced: 570 });
    expect(orders).toMatchObject({ stored: 540, inserted: 530, updated: 0, duplicates: 10 });
    expect(userEvents).toMatchObject({ sent: 450, rejected: { schema: 25, contract: 0 }, produced: 425 });
    expect(userEvents).toMatchObject({ stored: 400, inserted: 390, duplicates: 10 });
    // Conservation, per topic: every record produced was stored or dead-lettered.
    for (const stream of report.streams) {
      const lettered = Object.values(stream.deadLettered).reduce((sum, n) => sum + n, 0);
      expect(stream.produced).toBe(stream.stored + lettered);
    }

    // The tables, by SQL: one row per distinct record stored; a re-send made no second row.
    expect(await count('SELECT count(*) FROM staging.orders')).toBe(530);
    expect(await count('SELECT count(*) FROM staging.user_events')).toBe(390);

    // The dead-letter topics, read from Kafka: the letters by class are the seeded ones.
    const kafka = kafkaClient();
    const [ordersLetters, eventLetters] = await Promise.all([
      inspectDeadLetters(kafka, 'orders.dlq'),
      inspectDeadLetters(kafka, 'user-events.dlq'),
    ]);
    expect(ordersLetters.byClass).toEqual(manifest.files['orders.jsonl']!.deadLettered);
    expect(eventLetters.byClass).toEqual(manifest.files['user-events.jsonl']!.deadLettered);
    // Each letter is the record as it arrived, with where it came from.
    for (const letter of ordersLetters.letters) {
      expect(letter.original).toMatchObject({ topic: 'orders', partition: expect.any(Number) });
    }

    // Lineage: valid OpenLineage, a COMPLETE per reported batch, adding up to what the sinks did.
    await waitUntil(
      () => sumLineage('orders-sink'),
      (sum) => sum.read === 570,
      { timeoutMs: 15_000, what: 'lineage events covering every orders record' },
    );
    await waitUntil(
      () => sumLineage('user-events-sink'),
      (sum) => sum.read === 425,
      { timeoutMs: 15_000, what: 'lineage events covering every user-events record' },
    );
    expect(sumLineage('orders-sink')).toEqual({ read: 570, rows: 530, duplicates: 10, letters: 30 });
    expect(sumLineage('user-events-sink')).toEqual({ read: 425, rows: 390, duplicates: 10, letters: 25 });
  }, 90_000);
});

interface RecordedEvent {
  eventType: string;
  job: { name: string };
  run: { facets: { charter_sink: { read: number; duplicates: number } } };
  inputs: Array<{ namespace: string; name: string; facets?: { schema?: { fields: Array<{ name: string }> } } }>;
  outputs: Array<{
    namespace: string;
    name: string;
    facets?: { schema: { fields: Array<{ name: string }> }; columnLineage: { fields: Record<string, unknown> } };
    outputFacets: { outputStatistics: { rowCount: number } };
  }>;
}

/** Every event the recording lineage server took for a job, checked against OpenLineage, summed up. */
function sumLineage(job: string) {
  const events = lineage.requests
    .filter((request) => request.url === '/api/v1/lineage')
    .map((request) => {
      const result = readOpenLineageEvent(request.body);
      expect(result.violations).toEqual([]);
      return JSON.parse(request.body) as RecordedEvent;
    })
    .filter((event) => event.job.name === job);
  const sum = { read: 0, rows: 0, duplicates: 0, letters: 0 };
  for (const event of events) {
    expect(event.eventType).toBe('COMPLETE');
    sum.read += event.run.facets.charter_sink.read;
    sum.duplicates += event.run.facets.charter_sink.duplicates;
    sum.rows += event.outputs[0]!.outputFacets.outputStatistics.rowCount;
    sum.letters += event.outputs[1]!.outputFacets.outputStatistics.rowCount;
  }
  return sum;
}

/** A request as a client may get it wrong: raw body and content type, answered with a status and JSON. */
async function send(route: string, body: string | undefined, contentType: string | null = 'application/json') {
  const response = await fetch(`${pipeline.url}${route}`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the assertions say what was expected
  }
  return { status: response.status, body: json };
}

const ORDER = {
  order_id: '7a1c2f7e-5d2b-4c55-9a43-0d6a8f0e9b11',
  customer_id: 'c-1',
  amount_cents: 1250,
  currency: 'EUR',
  status: 'PAID',
  placed_at: 1_793_500_000_000,
  coupon_code: null,
  shipping_address: null,
};

describe('bad HTTP input', () => {
  it('is refused with a clear 4xx and a code, never a 500, and nothing reaches Kafka', async () => {
    const before = await (await fetch(`${pipeline.url}/stats`)).json();
    const cases: Array<[string, Awaited<ReturnType<typeof send>>, number, string]> = [
      ['not JSON', await send('/orders', '{"order_id": '), 400, 'invalid-body'],
      ['an empty body', await send('/orders', ''), 400, 'invalid-body'],
      ['an array to a one-record route', await send('/orders', JSON.stringify([ORDER])), 422, 'contract-violation'],
      ['a string to a one-record route', await send('/user-events', '"hello"'), 422, 'contract-violation'],
      ['one record to a batch route', await send('/orders/batch', JSON.stringify(ORDER)), 400, 'invalid-batch'],
      ['an empty batch', await send('/user-events/batch', '[]'), 400, 'invalid-batch'],
      [
        'a batch over the limit',
        await send('/orders/batch', JSON.stringify(Array(151).fill(ORDER))),
        413,
        'batch-too-large',
      ],
      [
        'a body over the limit',
        await send('/orders/batch', JSON.stringify([{ ...ORDER, customer_id: 'x'.repeat(5 * 1024 * 1024) }])),
        413,
        'body-too-large',
      ],
      ['text/plain', await send('/orders', JSON.stringify(ORDER), 'text/plain'), 415, 'unsupported-media-type'],
      [
        'text/plain with a charset',
        await send('/orders', JSON.stringify(ORDER), 'text/plain;charset=UTF-8'),
        415,
        'unsupported-media-type',
      ],
      ['no content type', await send('/orders', undefined, null), 415, 'unsupported-media-type'],
    ];
    for (const [what, answer, status, code] of cases) {
      expect({ what, status: answer.status, code: answer.body.code }).toEqual({ what, status, code });
      expect(typeof answer.body.message).toBe('string');
    }
    const refusal = cases[2]![1].body as { violations: Array<{ path: string }>; subject: string };
    expect(refusal.subject).toBe('orders-value');
    expect(refusal.violations.length).toBeGreaterThan(0);
    // A batch of things that are not records: answered per item, each refused, none sent.
    const items = await send('/orders/batch', JSON.stringify([1, 'x', null, { ...ORDER, status: 'LOST' }]));
    expect(items.status).toBe(202);
    expect(items.body).toMatchObject({ accepted: 0, rejected: 4 });
    expect(await (await fetch(`${pipeline.url}/stats`)).json()).toEqual(before);
  });

  it('answers a good record with where it landed', async () => {
    const one = await send('/orders', JSON.stringify(ORDER));
    expect(one).toMatchObject({
      status: 202,
      body: {
        topic: 'orders',
        key: ORDER.order_id,
        partition: expect.any(Number),
        offset: expect.stringMatching(/^\d+$/),
      },
    });
    const batch = await send('/orders/batch', JSON.stringify([ORDER, { ...ORDER, amount_cents: -1 }]));
    expect(batch).toMatchObject({
      status: 202,
      body: {
        topic: 'orders',
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, status: 'accepted', key: ORDER.order_id, partition: one.body.partition },
          { index: 1, status: 'rejected', code: 'contract-violation', violations: [{ rule: 'contract/minimum' }] },
        ],
      },
    });
  });
});

describe('a run whose counts differ from the expected ones', () => {
  it('reports each difference and is not ok', async () => {
    // Counts are the pipeline's before and after: let the previous test's two orders reach the sink first.
    await waitUntil(
      async () =>
        (await (await fetch(`${pipeline.url}/stats`)).json()) as { streams: { orders: { duplicates: number } } },
      (stats) => stats.streams.orders.duplicates === 11,
      { what: "the previous test's second order stored as a duplicate" },
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'charter-samples-'));
    try {
      const file = path.join(dir, 'orders.jsonl');
      // Both are good orders (already stored: they count as duplicates); the second claims it will be refused.
      const lines = [
        { id: 'a', topic: 'orders', via: 'http', expect: 'stored', value: ORDER },
        { id: 'b', topic: 'orders', via: 'http-batch', expect: 'rejected:schema', value: ORDER },
      ];
      writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
      const report = await runPipelineSamples({
        pipelineUrl: pipeline.url,
        files: await readPipelineSamples([file]),
        timeoutMs: 20_000,
      });
      expect(report.ok).toBe(false);
      expect(report.streams[0]!.expectedFrom).toBe('samples');
      expect(report.streams[0]!.differences).toEqual([
        'rejected schema: expected 1, got 0',
        'produced: expected 1, got 2',
        'stored: expected 1, got 2',
      ]);
      expect(report.streams[0]).toMatchObject({ duplicates: 2, inserted: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redelivery, and lineage down', () => {
  it('a replica replaying both topics from the start adds no row; with lineage down, new records are still stored', async () => {
    await waitUntil(
      () => count('SELECT count(*) FROM staging.orders'),
      (rows) => rows === 531,
      { what: 'the good order of the previous test stored' },
    );
    await pipeline.close();
    const unreachable = await startRecordingServer();
    await unreachable.close();
    // The same database, a new consumer group (so every record is delivered again), lineage refusing connections.
    pipeline = await startTestPipeline(services, {
      database,
      env: { CHARTER_PIPELINE_GROUP_ID: `replica-${Date.now()}`, CHARTER_LINEAGE_URL: unreachable.origin },
    });
    const stats = async () =>
      (await (await fetch(`${pipeline.url}/stats`)).json()) as {
        streams: Record<string, { inserted: number; updated: number; duplicates: number; deadLettered: object }>;
        lineage: { sent: number; failed: number };
      };
    const handled = (stream: { inserted: number; updated: number; duplicates: number; deadLettered: object }) =>
      stream.inserted +
      stream.updated +
      stream.duplicates +
      Object.values(stream.deadLettered).reduce((sum: number, n: number) => sum + n, 0);
    // Orders: the 570 samples produced and the 4 records of the previous tests; user events: the 425.
    await waitUntil(
      stats,
      (now) => handled(now.streams.orders!) === 574 && handled(now.streams['user-events']!) === 425,
      {
        timeoutMs: 30_000,
        what: 'both topics replayed into the sinks',
      },
    );
    const replayed = await stats();
    expect(replayed.streams.orders).toMatchObject({ inserted: 0, updated: 0, duplicates: 544 });
    expect(replayed.streams['user-events']).toMatchObject({ inserted: 0, updated: 0, duplicates: 400 });
    expect(await count('SELECT count(*) FROM staging.orders')).toBe(531);
    expect(await count('SELECT count(*) FROM staging.user_events')).toBe(390);

    // New records while lineage cannot be reached: stored all the same, the failures counted, the service ready.
    const fresh = Array.from({ length: 5 }, (_, n) => ({
      ...ORDER,
      order_id: `7a1c2f7e-5d2b-4c55-9a43-0d6a8f0e9c0${n}`,
    }));
    expect((await send('/orders/batch', JSON.stringify(fresh))).body).toMatchObject({ accepted: 5 });
    await waitUntil(
      () => count('SELECT count(*) FROM staging.orders'),
      (rows) => rows === 536,
      { what: 'the five new orders stored while lineage is down' },
    );
    await waitUntil(stats, (now) => now.lineage.failed > 0, { what: 'the lineage failures counted' });
    expect((await stats()).lineage.sent).toBe(0);
    expect((await fetch(`${pipeline.url}/ready`)).status).toBe(200);
  });
});
