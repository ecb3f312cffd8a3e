import { useTestRegistry } from '@charter/registry/testing';
import { startTestKafka, type TestKafka, waitUntil } from '@charter/testkit';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { Deserializer, RegistryClient, Serializer } from '../src';
import {
  type ConsumedRecord,
  ContractProducer,
  DEAD_LETTER_HEADERS,
  enforcementMetrics,
  inspectDeadLetters,
  REPLAYED_FROM_HEADER,
  RecordsRefusedError,
  replayDeadLetters,
  ValidatingConsumer,
} from '../src/kafka';

/** Producer edge and consumer with a dead-letter topic, on the real registry and a Kafka-protocol broker. */
const registry = useTestRegistry();
let kafka: TestKafka;
let client: Kafka;
const started: Array<{ stop(): Promise<void> } | { disconnect(): Promise<void> }> = [];

const ORDER = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
  ],
};
const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
  additionalProperties: false,
};

beforeAll(async () => {
  kafka = await startTestKafka({
    topics: [
      { name: 'orders', partitions: 3 },
      { name: 'orders.dlq', partitions: 1 },
      { name: 'people', partitions: 1 },
      { name: 'people.dlq', partitions: 1 },
      { name: 'paused', partitions: 1 },
      { name: 'paused.dlq', partitions: 1 },
      { name: 'replay.dlq', partitions: 2 },
      { name: 'replay.dlq.replayed', partitions: 1 },
      { name: 'replay-target', partitions: 1 },
    ],
  });
  client = new Kafka({ clientId: 'enforcement-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  await registry.http.register('orders-value', ORDER);
  await registry.http.register('people-value', PERSON, { schemaType: 'JSON' });
  await registry.http.register('paused-value', ORDER);
});
afterAll(async () => {
  for (const handle of started.reverse()) await ('stop' in handle ? handle.stop() : handle.disconnect());
  await kafka?.stop();
});

/** librdkafka's mock cluster has no reachable controller for kafkajs's idempotent producer (ADR 0003). */
const NOT_IDEMPOTENT = { idempotent: false } as const;

const registryClient = (fetchImpl?: typeof fetch) =>
  new RegistryClient({
    url: registry.url,
    credentials: registry.adminKey,
    retries: 1,
    backoffMs: 10,
    fetch: fetchImpl,
  });

async function rawProducer() {
  const producer = client.producer();
  await producer.connect();
  started.push(producer);
  return producer;
}

/** Every message on a topic, from the start, until `count` have arrived. */
async function readAll(topic: string, count: number) {
  const consumer: Consumer = client.consumer({ groupId: `reader-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  started.push(consumer);
  const seen: Array<{ key: string | null; value: Buffer | null; headers: Record<string, string> }> = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      seen.push({ key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  await waitUntil(
    () => seen.length,
    (length) => length >= count,
    { timeoutMs: 30_000, what: `${count} message(s) on ${topic}` },
  );
  return seen;
}

describe('a validating consumer with a dead-letter topic', () => {
  it('hands over every good record and dead-letters each bad one with its class: produced = handled + dead-lettered', async () => {
    const prometheus = new Registry();
    const metrics = enforcementMetrics(prometheus);
    const producer = new ContractProducer({
      events: metrics.producer,
      kafka: client,
      serializer: new Serializer({ client: registryClient() }),
      ...NOT_IDEMPOTENT,
    });
    await producer.connect();
    started.push(producer);
    const good = Array.from({ length: 120 }, (_, n) => ({ key: `o-${n}`, value: { id: `o-${n}`, amount_cents: n } }));
    const sent = await producer.send('orders', good);
    expect(sent).toMatchObject({ sent: 120, refused: [] });
    // Where each record landed: every index once, offsets consecutive within each partition from its first.
    expect(sent.delivered.map((record) => record.index).sort((a, b) => a - b)).toEqual(good.map((_, n) => n));
    for (const partition of new Set(sent.delivered.map((record) => record.partition))) {
      const offsets = sent.delivered.filter((record) => record.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, n) => offsets[0]! + n));
    }

    // Poison pills, written past the producer edge (as a misbehaving client would).
    const ordersId = (await registry.http.get<{ id: number }>('/subjects/orders-value/versions/latest')).body.id;
    const peopleBytes = await new Serializer({ client: registryClient() }).serialize('people', { name: 'Ada' });
    const valid = await new Serializer({ client: registryClient() }).serialize('orders', { id: 'x', amount_cents: 1 });
    const raw = await rawProducer();
    await raw.send({
      topic: 'orders',
      messages: [
        { key: 'bad-magic', value: Buffer.concat([Buffer.of(1), valid.subarray(1)]) },
        { key: 'truncated', value: valid.subarray(0, valid.length - 1) },
        { key: 'plain-json', value: '{"id":"o-x"}' },
        { key: 'unknown-id', value: Buffer.concat([Buffer.of(0, 0, 0, 0x7f, 0x00), valid.subarray(5)]) },
        { key: 'other-subject', value: peopleBytes },
        { key: 'no-value', value: null },
        {
          key: 'throws',
          value: await new Serializer({ client: registryClient() }).serialize('orders', {
            id: 'throws',
            amount_cents: 7,
          }),
        },
        {
          key: 'refused-for-good',
          value: await new Serializer({ client: registryClient() }).serialize('orders', {
            id: 'refused-for-good',
            amount_cents: 8,
          }),
        },
      ],
    });
    expect(ordersId).toBeGreaterThan(0);

    const handled = new Map<string, ConsumedRecord>();
    let handlerCalls = 0;
    let permanentCalls = 0;
    const batches: Array<{ partition: number; size: number }> = [];
    class PermanentFailure extends Error {}
    const consumer = new ValidatingConsumer({
      kafka: client,
      ...NOT_IDEMPOTENT,
      groupId: 'orders-service',
      topic: 'orders',
      deserializer: new Deserializer({ client: registryClient() }),
      handlerRetries: 2,
      handlerBackoffMs: 5,
      handlerFailure: (error) => (error instanceof PermanentFailure ? 'dead-letter' : 'retry'),
      events: {
        ...metrics.consumer,
        batchProcessed: ({ partition, size }) => batches.push({ partition, size }),
      },
      handler: async (record) => {
        const order = record.value as { id: string };
        if (order.id === 'throws') {
          handlerCalls++;
          throw new Error('the handler fails for this key only');
        }
        if (order.id === 'refused-for-good') {
          permanentCalls++;
          throw new PermanentFailure('this record can never be stored');
        }
        handled.set(order.id, record);
      },
    });
    expect(consumer.state).toBe('down');
    await consumer.start();
    started.push(consumer);

    const letters = await readAll('orders.dlq', 8);
    expect(consumer.state).toBe('up');
    await waitUntil(
      () => handled.size,
      (size) => size >= 120,
      { timeoutMs: 30_000, what: 'every good order handled' },
    );
    // Conservation, by message id: every good order handled once, each pill dead-lettered once.
    expect([...handled.keys()].sort()).toEqual(good.map((record) => record.key).sort());
    const classes = Object.fromEntries(
      letters.map((letter) => [letter.key, letter.headers[DEAD_LETTER_HEADERS.errorClass]]),
    );
    expect(classes).toEqual({
      'bad-magic': 'deserialization',
      truncated: 'deserialization',
      'plain-json': 'deserialization',
      'unknown-id': 'unknown-schema',
      'other-subject': 'wrong-subject',
      'no-value': 'deserialization',
      throws: 'handler-error',
      'refused-for-good': 'handler-error',
    });
    expect(handlerCalls).toBe(3);
    // A failure the caller calls permanent is dead-lettered at once, without retries.
    expect(permanentCalls).toBe(1);
    // Every fetched batch reported once it was done: together they hold every record the topic had.
    await waitUntil(
      () => batches.reduce((sum, batch) => sum + batch.size, 0),
      (size) => size >= 128,
      { what: 'batches holding all 128 records reported' },
    );
    const truncated = letters.find((letter) => letter.key === 'truncated')!;
    expect(truncated.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.topic]: 'orders',
      [DEAD_LETTER_HEADERS.partition]: expect.stringMatching(/^[0-2]$/),
      [DEAD_LETTER_HEADERS.offset]: expect.stringMatching(/^\d+$/),
      [DEAD_LETTER_HEADERS.timestamp]: expect.stringMatching(/^\d+$/),
      [DEAD_LETTER_HEADERS.schemaId]: String(ordersId),
    });
    // The dead letter is the record as it arrived.
    expect(Buffer.compare(truncated.value!, valid.subarray(0, valid.length - 1))).toBe(0);
    const counted = await prometheus.metrics();
    expect(counted).toContain('charter_enforcement_produced_total{topic="orders"} 120');
    expect(counted).toContain('charter_enforcement_handled_total{topic="orders"} 120');
    expect(counted).toContain('charter_enforcement_dead_lettered_total{topic="orders",class="deserialization"} 4');
    expect(counted).toContain('charter_enforcement_dead_lettered_total{topic="orders",class="handler-error"} 2');
  });

  it('pauses, never dead-letters, while the registry cannot answer, and handles the record once it can', async () => {
    let down = true;
    let storeFailures = 0;
    const paused: string[] = [];
    const handled: string[] = [];
    const bytes = await new Serializer({ client: registryClient() }).serialize('paused', {
      id: 'p-1',
      amount_cents: 1,
    });
    const raw = await rawProducer();
    await raw.send({ topic: 'paused', messages: [{ key: 'p-1', value: bytes }] });
    const consumer = new ValidatingConsumer({
      kafka: client,
      ...NOT_IDEMPOTENT,
      groupId: 'paused-service',
      topic: 'paused',
      pauseMs: 200,
      // A fresh client: it has never seen this schema id, and the registry is down for it.
      deserializer: new Deserializer({
        client: registryClient((input, init) =>
          down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init),
        ),
      }),
      // The handler's store is down for its first two tries: the partition pauses for that too, never dead-letters.
      handlerFailure: (error) => ((error as Error).message === 'store down' ? 'pause' : 'retry'),
      handler: async (record) => {
        if (storeFailures++ < 2) throw new Error('store down');
        handled.push((record.value as { id: string }).id);
      },
      events: { paused: (pause) => paused.push(pause.reason) },
    });
    await consumer.start();
    started.push(consumer);
    await waitUntil(
      () => paused.length,
      (count) => count >= 2,
      { what: 'the partition to pause twice' },
    );
    expect(handled).toEqual([]);
    down = false;
    await waitUntil(
      () => handled,
      (ids) => ids.length === 1,
      { timeoutMs: 20_000, what: 'the record handled once the registry is back' },
    );
    expect(paused[0]).toContain('cannot answer');
    expect(paused.filter((reason) => reason === 'store down')).toHaveLength(2);
    // Nothing went to the dead-letter topic: a probe letter written now is the first one read there.
    const raw2 = await rawProducer();
    await raw2.send({ topic: 'paused.dlq', messages: [{ key: 'probe', value: 'x' }] });
    expect((await readAll('paused.dlq', 1)).map((letter) => letter.key)).toEqual(['probe']);
  });
});

describe('the producer edge', () => {
  it('refuses a batch with a bad record and sends nothing (reject), or diverts only the bad ones (dlq)', async () => {
    const rejecting = new ContractProducer({
      kafka: client,
      serializer: new Serializer({ client: registryClient() }),
      ...NOT_IDEMPOTENT,
    });
    const diverting = new ContractProducer({
      kafka: client,
      serializer: new Serializer({ client: registryClient() }),
      policy: 'dlq',
      ...NOT_IDEMPOTENT,
    });
    await rejecting.connect();
    await diverting.connect();
    started.push(rejecting, diverting);
    const batch = [
      { key: 'ok-1', value: { name: 'Ada' } },
      { key: 'bad', value: { name: 7, extra: true } },
      { key: 'ok-2', value: { name: 'Grace' } },
    ];
    const refusal = await rejecting.send('people', batch).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RecordsRefusedError);
    expect((refusal as RecordsRefusedError).refused).toEqual([
      expect.objectContaining({
        index: 1,
        errorClass: 'contract-violation',
        violations: [
          expect.objectContaining({ rule: 'schema/additionalProperties', path: '' }),
          expect.objectContaining({ rule: 'schema/type', path: '/name' }),
        ],
      }),
    ]);

    // `skip`, for one send: the good records go, the bad one is only returned (no dead letter).
    expect(await rejecting.send('people', [batch[1]!], { policy: 'skip' })).toMatchObject({
      sent: 0,
      delivered: [],
      refused: [{ index: 0 }],
    });
    const diverted = await diverting.send('people', batch);
    expect(diverted).toMatchObject({ sent: 2, refused: [{ index: 1 }] });
    expect(diverted.delivered.map((record) => record.index)).toEqual([0, 2]);
    const sent = await readAll('people', 2);
    // Only the two good records, and nothing from the rejected batch.
    expect(sent.map((message) => message.key)).toEqual(['ok-1', 'ok-2']);
    const [letter] = await readAll('people.dlq', 1);
    expect(letter).toMatchObject({
      key: 'bad',
      headers: { [DEAD_LETTER_HEADERS.errorClass]: 'contract-violation', [DEAD_LETTER_HEADERS.topic]: 'people' },
    });
    expect(JSON.parse(letter!.value!.toString())).toEqual({ name: 7, extra: true });
  });
});

describe('the producer edge while the broker is down', () => {
  it('counts records handed to the broker and not acknowledged, and settles them once it is back', async () => {
    const prometheus = new Registry();
    const producer = new ContractProducer({
      kafka: client,
      serializer: new Serializer({ client: registryClient() }),
      events: enforcementMetrics(prometheus).producer,
      ...NOT_IDEMPOTENT,
    });
    await producer.connect();
    started.push(producer);
    const sample = async (name: string) => {
      const metric = (await prometheus.getMetricsAsJSON()).find((candidate) => candidate.name === name);
      return metric?.values.find((value) => value.labels.topic === 'people')?.value ?? 0;
    };
    const batch = (prefix: string) =>
      Array.from({ length: 5 }, (_, index) => ({ key: `${prefix}-${index}`, value: { name: `${prefix}${index}` } }));

    await producer.send('people', batch('before'));
    expect(await sample('charter_enforcement_unacknowledged_records')).toBe(0);
    expect(await sample('charter_enforcement_produced_total')).toBe(5);

    await kafka.setBrokerDown(-1);
    // A broker that is down answers nothing: the sends wait, and the edge reports what waits.
    const sends = [producer.send('people', batch('down-a')), producer.send('people', batch('down-b'))];
    try {
      await waitUntil(
        () => sample('charter_enforcement_unacknowledged_records'),
        (value) => value === 10,
        { timeoutMs: 5_000, what: '10 records awaiting acknowledgement' },
      );
      expect(await sample('charter_enforcement_produced_total')).toBe(5);
    } finally {
      await kafka.setBrokerUp(-1);
    }
    await Promise.all(sends);
    expect(await sample('charter_enforcement_unacknowledged_records')).toBe(0);
    expect(await sample('charter_enforcement_produced_total')).toBe(15);
    expect(await sample('charter_enforcement_send_failures_total')).toBe(0);
  });
});

describe('dead-letter replay', () => {
  it('inspects by class, replays one class, and never replays a letter twice', async () => {
    const raw = await rawProducer();
    const letter = (key: string, errorClass: string, partition: number) => ({
      key,
      value: `value of ${key}`,
      partition,
      headers: {
        [DEAD_LETTER_HEADERS.errorClass]: errorClass,
        [DEAD_LETTER_HEADERS.message]: 'why',
        [DEAD_LETTER_HEADERS.topic]: 'replay-target',
        [DEAD_LETTER_HEADERS.partition]: '0',
        [DEAD_LETTER_HEADERS.offset]: '7',
        'app-header': 'kept',
      },
    });
    await raw.send({
      topic: 'replay.dlq',
      messages: [
        letter('a', 'handler-error', 0),
        letter('b', 'contract-violation', 1),
        letter('c', 'handler-error', 1),
        letter('d', 'deserialization', 0),
      ],
    });
    const inspected = await inspectDeadLetters(client, 'replay.dlq');
    expect(inspected).toMatchObject({
      total: 4,
      byClass: { 'handler-error': 2, 'contract-violation': 1, deserialization: 1 },
    });

    const progress: string[] = [];
    const first = await replayDeadLetters({
      kafka: client,
      topic: 'replay.dlq',
      errorClass: 'handler-error',
      ...NOT_IDEMPOTENT,
      progress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(first).toMatchObject({ replayed: 2, alreadyReplayed: 0, otherClass: 2, byClass: { 'handler-error': 2 } });
    expect(progress).toEqual(['1/2', '2/2']);
    // Again: nothing new. Then everything: only the two not replayed yet.
    expect(
      await replayDeadLetters({ kafka: client, topic: 'replay.dlq', errorClass: 'handler-error', ...NOT_IDEMPOTENT }),
    ).toMatchObject({
      replayed: 0,
      alreadyReplayed: 2,
    });
    expect(await replayDeadLetters({ kafka: client, topic: 'replay.dlq', ...NOT_IDEMPOTENT })).toMatchObject({
      replayed: 2,
      alreadyReplayed: 2,
    });
    const target = await readAll('replay-target', 4);
    expect(target.map((message) => message.key).sort()).toEqual(['a', 'b', 'c', 'd']);
    const replayedA = target.find((message) => message.key === 'a')!;
    expect(replayedA.value?.toString()).toBe('value of a');
    expect(replayedA.headers['app-header']).toBe('kept');
    expect(replayedA.headers[REPLAYED_FROM_HEADER]).toMatch(/^replay\.dlq\/0\/\d+$/);
    expect(replayedA.headers[DEAD_LETTER_HEADERS.errorClass]).toBeUndefined();
  });
});
