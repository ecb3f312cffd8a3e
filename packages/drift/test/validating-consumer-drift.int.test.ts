import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Deserializer, RegistryClient, Serializer } from '@charter/enforcement';
import { ValidatingConsumer } from '@charter/enforcement/kafka';
import { useTestRegistry } from '@charter/registry/testing';
import { startTestKafka, type TestKafka, waitUntil } from '@charter/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { type DriftEvent, DriftProfiler, fieldSpecsFromContract } from '../src';
import { driftMetrics, HttpDriftReporter } from '../src/node';
import { orderGenerator, ordersContract, STATIONARY } from './order-stream';

/** The validating consumer with a drift profiler, on the real registry and a Kafka-protocol broker. */
const registry = useTestRegistry();
let kafka: TestKafka;
let client: Kafka;
const ORDERS_V3 = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', '..', '..', 'contracts', 'orders', 'schemas', 'orders-value', 'v3.avsc'),
    'utf8',
  ),
);
const WINDOW = 2_000;

beforeAll(async () => {
  // One partition: the stream is read in the order it was written, so the shifted records are the last window.
  kafka = await startTestKafka({
    topics: [
      { name: 'orders', partitions: 1 },
      { name: 'orders.dlq', partitions: 1 },
    ],
  });
  client = new Kafka({ clientId: 'drift-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  await registry.http.register('orders-value', ORDERS_V3);
});
afterAll(async () => {
  await kafka?.stop();
});

it('flags a shifted stream within one window: an event to the registry, a gauge, the records all handled', async () => {
  const posted: DriftEvent[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/drift-events') posted.push(JSON.parse(body));
      response.statusCode = 201;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const reporter = new HttpDriftReporter({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  const metrics = new Registry();
  const gauges = driftMetrics(metrics);
  const contract = ordersContract();
  const windows: number[] = [];
  const profiler = new DriftProfiler({
    contract: { id: contract.id, version: contract.version },
    source: 'kafka:orders',
    fields: fieldSpecsFromContract(contract.document, { drift: contract.drift }),
    settings: { ...contract.drift, windowRecords: WINDOW, baselineWindows: 3 },
    onWindow: (window) => {
      windows.push(window.window.count);
      gauges.onWindow(window);
    },
    onDrift: (event) => {
      gauges.onDrift(event);
      reporter.report(event);
    },
  });

  // Three windows as the baseline, then one whose amounts moved up by one standard deviation.
  const next = orderGenerator(42);
  const serializer = new Serializer({
    client: new RegistryClient({ url: registry.url, credentials: registry.adminKey }),
  });
  const producer = client.producer();
  await producer.connect();
  for (let first = 0; first < 4 * WINDOW; first += 1_000) {
    const messages = [];
    for (let n = first; n < first + 1_000; n++) {
      const shape = n < 3 * WINDOW ? STATIONARY : { ...STATIONARY, amountMean: 6_500 };
      messages.push({ key: `o-${n}`, value: await serializer.serialize('orders', next(n, shape)) });
    }
    await producer.send({ topic: 'orders', messages });
  }
  await producer.disconnect();

  let handled = 0;
  const consumer = new ValidatingConsumer({
    kafka: client,
    idempotent: false,
    groupId: 'orders-drift',
    topic: 'orders',
    deserializer: new Deserializer({
      client: new RegistryClient({ url: registry.url, credentials: registry.adminKey }),
    }),
    profiler,
    handler: async () => {
      handled++;
    },
  });
  try {
    await consumer.start();
    await waitUntil(
      () => handled,
      (count) => count === 4 * WINDOW,
      { timeoutMs: 60_000, what: 'every record handled' },
    );
    await reporter.flush();
  } finally {
    await consumer.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  expect(windows).toEqual([WINDOW, WINDOW, WINDOW, WINDOW]);
  expect(posted.map(({ field, test }) => `${field}/${test}`)).toEqual(['amount_cents/ks']);
  expect(posted[0]).toMatchObject({
    contract: 'orders',
    source: 'kafka:orders',
    window: { count: WINDOW },
    baseline: { windows: 3, count: 3 * WINDOW },
  });
  const text = await metrics.metrics();
  expect(text).toMatch(/charter_drift_statistic\{contract="orders",field="amount_cents",test="ks"\} 0\.[3-9]/);
  expect(text).toContain('charter_drift_events_total{contract="orders",field="amount_cents",test="ks"} 1');
});

it('handles every record when the profiler throws (a profiler fault never holds one up)', async () => {
  let handled = 0;
  let observed = 0;
  const consumer = new ValidatingConsumer({
    kafka: client,
    idempotent: false,
    groupId: 'orders-faulty-profiler',
    topic: 'orders',
    deserializer: new Deserializer({
      client: new RegistryClient({ url: registry.url, credentials: registry.adminKey }),
    }),
    profiler: {
      observe: () => {
        observed++;
        throw new Error('profiler bug');
      },
    },
    handler: async () => {
      handled++;
    },
    events: {
      deadLettered: () => {
        throw new Error('nothing may be dead-lettered');
      },
    },
  });
  try {
    await consumer.start();
    await waitUntil(
      () => handled,
      (count) => count === 4 * WINDOW,
      { timeoutMs: 60_000, what: 'every record handled despite the profiler' },
    );
  } finally {
    await consumer.stop();
  }
  expect(observed).toBe(4 * WINDOW);
});
