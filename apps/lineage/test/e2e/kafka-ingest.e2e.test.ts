import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { startTestKafka, type TestKafka, waitUntil } from '@charter/testkit';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from '../../src/ingest/kafka-event-consumer';
import { CONTRACTS_DIR, call, startTestLineage, type TestLineage } from '../support/test-lineage';

const SAMPLE_FLOW: Array<Record<string, unknown>> = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);
const TOPIC = 'openlineage.events';
const DLQ = 'openlineage.events.dlq';

let kafka: TestKafka;
let registry: TestRegistry;
let lineage: TestLineage;
let deadLetters: Consumer;
const received: Array<{ value: string; headers: Record<string, string> }> = [];

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  waitUntil(read, done, { timeoutMs: 20_000, intervalMs: 100, what });

beforeAll(async () => {
  kafka = await startTestKafka({ topics: [TOPIC, DLQ] });
  registry = await startTestRegistry();
  lineage = await startTestLineage({ registryUrl: registry.url, env: { KAFKA_BROKERS: kafka.brokers.join(',') } });
  const client = new Kafka({ clientId: 'test', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  deadLetters = client.consumer({ groupId: 'dlq-reader', maxWaitTimeInMs: 100 });
  await deadLetters.connect();
  await deadLetters.subscribe({ topic: DLQ, fromBeginning: true });
  await deadLetters.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]),
      );
      received.push({ value: message.value?.toString() ?? '', headers });
    },
  });
  const producer = client.producer();
  await producer.connect();
  const invalid = { ...SAMPLE_FLOW[0], eventTime: 'not a time' };
  await producer.send({
    topic: TOPIC,
    messages: [
      ...SAMPLE_FLOW.map((event) => ({ key: 'sample', value: JSON.stringify(event) })),
      { key: 'broken', value: '{"eventType": "COMPLETE",' },
      { key: 'invalid', value: JSON.stringify(invalid) },
    ],
  });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await deadLetters?.disconnect();
  await lineage?.close();
  await registry?.close();
  await kafka?.stop();
});

describe('OpenLineage over Kafka', () => {
  it('builds the same graph from the topic as over HTTP', async () => {
    const stats = await eventually(
      async () =>
        (await call<{ events: number; datasets: number; jobs: number }>(`${lineage.url}/stats`, 'GET', registry.admin))
          .body,
      (value) => value.events === SAMPLE_FLOW.length,
      'the sample flow to be applied',
    );
    expect(stats).toMatchObject({ datasets: 11, jobs: 9 });
  });

  it('sends what is not valid OpenLineage to the dead-letter topic, with the reason and where it came from', async () => {
    await eventually(
      async () => received.length,
      (count) => count >= 2,
      'two dead letters',
    );
    expect(received.map((letter) => letter.headers[DEAD_LETTER_HEADERS.error]).sort()).toEqual([
      'invalid-event',
      'malformed-json',
    ]);
    const invalid = received.find((letter) => letter.headers[DEAD_LETTER_HEADERS.error] === 'invalid-event')!;
    expect(invalid.headers[DEAD_LETTER_HEADERS.reason]).toContain('/eventTime');
    expect(invalid.headers[DEAD_LETTER_HEADERS.topic]).toBe(TOPIC);
    expect(Number(invalid.headers[DEAD_LETTER_HEADERS.offset])).toBe(SAMPLE_FLOW.length + 1);
    const stats = await call<{ events: number }>(`${lineage.url}/stats`, 'GET', registry.admin);
    expect(stats.body.events).toBe(SAMPLE_FLOW.length);
  });
});
