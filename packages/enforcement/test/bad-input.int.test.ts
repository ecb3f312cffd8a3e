import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestRegistry } from '@charter/registry/testing';
import { startTestKafka, type TestKafka, waitUntil } from '@charter/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { Deserializer, EnforcementError, RegistryClient, Serializer } from '../src';
import {
  ContractProducer,
  DEAD_LETTER_HEADERS,
  inspectDeadLetters,
  OMITTED_BYTES_HEADER,
  OMITTED_VALUE_HEADER,
  RecordsRefusedError,
  readTopicToEnd,
  replayDeadLetters,
  ValidatingConsumer,
} from '../src/kafka';

/**
 * Bad input at the Kafka edges, each with a clear error and nothing lost (issue #14 §4). Tried here: a 10 MB record
 * at the producer (refused before the broker, by `reject` and by `dlq`) and at the consumer (decoded, or dead-lettered
 * without its value when the dead-letter topic refuses its size), header bytes with control characters and invalid
 * UTF-8 (kept byte for byte through the dead-letter topic and a replay), a registry answering 500 or not answering
 * at all (transient, bounded by the timeout; never a dead letter), and the broker going down in the middle of a
 * consumer's batch and of a producer's stream (every record arrives, none is dead-lettered).
 * The other bad inputs (wrong magic byte, truncated payload, unknown id, another subject's id, a handler failing for
 * one key) are in kafka.int.test.ts; a rule broken by a decodable record in contracts.int and cel-rules.int; JSON
 * that `additionalProperties: false` forbids in interop.int.
 */
const registry = useTestRegistry();
let kafka: TestKafka;
let client: Kafka;
const started: Array<{ stop(): Promise<void> } | { disconnect(): Promise<void> }> = [];
const NOT_IDEMPOTENT = { idempotent: false } as const;

const NOTE = {
  type: 'record',
  name: 'Note',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'text', type: 'string' },
  ],
};

const TOPICS = ['big', 'big.dlq', 'headers', 'headers.dlq', 'headers.dlq.replayed', 'outage', 'outage.dlq', 'stream'];

beforeAll(async () => {
  kafka = await startTestKafka({ topics: TOPICS.map((name) => ({ name, partitions: name === 'outage' ? 3 : 1 })) });
  client = new Kafka({ clientId: 'bad-input-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  for (const topic of ['big', 'headers', 'outage', 'stream']) await registry.http.register(`${topic}-value`, NOTE);
});
afterAll(async () => {
  for (const handle of started.reverse()) await ('stop' in handle ? handle.stop() : handle.disconnect());
  await kafka?.stop();
});

const registryClient = (url = registry.url, options: { timeoutMs?: number } = {}) =>
  new RegistryClient({ url, credentials: registry.adminKey, retries: 1, backoffMs: 10, ...options });

async function producerFor(options: Partial<ConstructorParameters<typeof ContractProducer>[0]> = {}) {
  const producer = new ContractProducer({
    kafka: client,
    serializer: new Serializer({ client: registryClient() }),
    ...NOT_IDEMPOTENT,
    ...options,
  });
  await producer.connect();
  started.push(producer);
  return producer;
}

async function rawProducer() {
  const producer = client.producer();
  await producer.connect();
  started.push(producer);
  return producer;
}

/** A validating consumer on `topic`; `letters` counts what it has dead-lettered. */
async function consumerFor(topic: string, handler: (value: { id: string }) => Promise<void>) {
  const letters = { count: 0 };
  const consumer = new ValidatingConsumer({
    kafka: client,
    ...NOT_IDEMPOTENT,
    groupId: `${topic}-service`,
    topic,
    deserializer: new Deserializer({ client: registryClient() }),
    handlerRetries: 1,
    handlerBackoffMs: 5,
    pauseMs: 100,
    handler: (record) => handler(record.value as { id: string }),
    events: {
      deadLettered: () => {
        letters.count++;
      },
    },
  });
  await consumer.start();
  started.push(consumer);
  return letters;
}

const TEN_MB = 10 * 1024 * 1024;

describe('a 10 MB record', () => {
  it('is refused at the producer before it reaches the broker, and a dlq letter says why without the value', async () => {
    const huge = { id: 'huge', text: 'x'.repeat(TEN_MB) };
    const rejecting = await producerFor();
    const refusal = await rejecting
      .send('big', [{ key: 'small', value: { id: 'small', text: 'ok' } }, { value: huge }])
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RecordsRefusedError);
    expect((refusal as RecordsRefusedError).refused).toEqual([
      expect.objectContaining({
        index: 1,
        errorClass: 'record-too-large',
        violations: [expect.objectContaining({ rule: 'record/max-bytes' })],
      }),
    ]);
    expect(await readTopicToEnd(client, 'big')).toEqual([]);

    const diverting = await producerFor({ policy: 'dlq' });
    expect(await diverting.produce('big', { key: 'huge', value: huge })).toEqual({
      refused: expect.objectContaining({ errorClass: 'record-too-large' }),
    });
    const [letter] = await readTopicToEnd(client, 'big.dlq');
    expect(letter?.value).toBeNull();
    expect(letter?.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.errorClass]: 'record-too-large',
      [OMITTED_VALUE_HEADER]: 'record-too-large',
    });
    expect(await readTopicToEnd(client, 'big')).toEqual([]);
  });

  it('decodes at the consumer when valid, and fails fast as deserialization when garbage', async () => {
    const bytes = await new Serializer({ client: registryClient(), contracts: false }).serialize('big', {
      id: 'huge',
      text: 'y'.repeat(TEN_MB),
    });
    const reader = new Deserializer({ client: registryClient() });
    const decoded = await reader.deserialize('big', bytes);
    expect((decoded.value as { text: string }).text).toHaveLength(TEN_MB);
    const garbage = Buffer.concat([bytes.subarray(0, 5), Buffer.alloc(TEN_MB, 0xff)]);
    const startedAt = Date.now();
    const failure = await reader.deserialize('big', garbage).catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'deserialization' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});

describe('header bytes', () => {
  it('with control characters and invalid UTF-8 are kept byte for byte in the dead letter and in its replay', async () => {
    const strange = Buffer.from([0x00, 0x01, 0x0a, 0x0d, 0x1b, 0x7f, 0xff, 0xfe, 0x41]);
    const frame = await new Serializer({ client: registryClient() }).serialize('headers', { id: 'h-1', text: 't' });
    const raw = await rawProducer();
    await raw.send({
      topic: 'headers',
      messages: [{ key: 'k-1', value: frame, headers: { trace: strange, 'x-note': 'a\u0000b\nc' } }],
    });
    // The handler's reason carries control characters too: the letter's reason header must not.
    const filed = await consumerFor('headers', async () => {
      throw new Error('line one\nline two\u0000\u001b[31m');
    });
    await waitUntil(
      () => filed.count,
      (count) => count === 1,
      { what: 'the letter', timeoutMs: 20_000 },
    );
    const { letters } = await inspectDeadLetters(client, 'headers.dlq');
    const letter = letters[0]!;
    expect(Buffer.compare(letter.rawHeaders.trace as Buffer, strange)).toBe(0);
    expect(letter.headers['x-note']).toBe('a\u0000b\nc');
    // The reason the consumer writes is printable, whatever the record held.
    expect(letter.errorClass).toBe('handler-error');
    expect(letter.message).toContain('line one line two');
    expect([...letter.message].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);

    const summary = await replayDeadLetters({ kafka: client, topic: 'headers.dlq', to: 'headers', ...NOT_IDEMPOTENT });
    expect(summary.replayed).toBe(1);
    const replayed = (await readTopicToEnd(client, 'headers')).at(-1)!;
    expect(Buffer.compare(replayed.rawHeaders.trace as Buffer, strange)).toBe(0);
  });
});

describe('a dead-letter topic that refuses a record for its size', () => {
  it('gets the letter without the value, saying so, instead of blocking the partition', async () => {
    const raw = await rawProducer();
    await raw.send({ topic: 'big', messages: [{ key: 'pill', value: Buffer.alloc(2_000, 0x01) }] });
    // The next Produce request the broker sees (the dead letter's) fails with MESSAGE_TOO_LARGE (Kafka error 10).
    await kafka.pushRequestErrors(0, [10]);
    const filed = await consumerFor('big', async () => undefined);
    await waitUntil(
      () => filed.count,
      (count) => count === 1,
      { what: 'the letter without its value', timeoutMs: 20_000 },
    );
    const letters = await readTopicToEnd(client, 'big.dlq');
    const letter = letters.find((found) => found.key?.toString() === 'pill')!;
    expect(letter.value).toBeNull();
    expect(letter.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.errorClass]: 'deserialization',
      [OMITTED_VALUE_HEADER]: 'record-too-large',
      [OMITTED_BYTES_HEADER]: '2000',
    });
    const summary = await replayDeadLetters({ kafka: client, topic: 'big.dlq', ...NOT_IDEMPOTENT });
    expect(summary).toMatchObject({ replayed: 0, valueOmitted: 2 });
  });
});

/** A registry behind a switch: passes requests through, answers 500, or never answers. */
async function startSwitchableRegistry(target: string) {
  let mode: 'pass' | 'error' | 'hang' = 'pass';
  const hanging = new Set<() => void>();
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    if (mode === 'error') {
      outgoing.writeHead(500, { 'content-type': 'application/json' }).end('{"error_code":50001,"message":"boom"}');
      return;
    }
    if (mode === 'hang') {
      hanging.add(() => outgoing.destroy());
      return;
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next: typeof mode) {
      mode = next;
    },
    async close() {
      for (const drop of hanging) drop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a registry that answers 500 or does not answer', () => {
  it('is transient (registry-unavailable) within the timeout; what was seen keeps working', async () => {
    const proxy = await startSwitchableRegistry(registry.url);
    try {
      const seen = await new Serializer({ client: registryClient() }).serialize('stream', { id: 's', text: 't' });
      const other = await registry.http.register('other-value', { ...NOTE, name: 'Other' });
      const otherBytes = Buffer.concat([Buffer.of(0), Buffer.alloc(4), seen.subarray(5)]);
      otherBytes.writeUInt32BE((other.body as { id: number }).id, 1);
      const reader = new Deserializer({ client: registryClient(proxy.url, { timeoutMs: 300 }), checkSubject: false });
      await reader.deserialize('stream', seen);

      for (const mode of ['error', 'hang'] as const) {
        proxy.set(mode);
        const startedAt = Date.now();
        const failure = await reader.deserialize('other', otherBytes).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(EnforcementError);
        expect(failure).toMatchObject({ errorClass: 'registry-unavailable', transient: true });
        // Two tries of at most 300 ms each, and a short backoff: bounded, never a hang.
        expect(Date.now() - startedAt).toBeLessThan(3_000);
        expect((await reader.deserialize('stream', seen)).value).toEqual({ id: 's', text: 't' });
      }
      proxy.set('pass');
      expect((await reader.deserialize('other', otherBytes)).value).toEqual({ id: 's', text: 't' });
    } finally {
      await proxy.close();
    }
  });
});

describe('the broker going down', () => {
  it('in the middle of a consumer’s batch loses nothing and dead-letters nothing', async () => {
    const producer = await producerFor();
    const ids = Array.from({ length: 300 }, (_, n) => `m-${n}`);
    await producer.send(
      'outage',
      ids.map((id) => ({ key: id, value: { id, text: 'x' } })),
    );
    const handled = new Map<string, number>();
    let outage: Promise<void> | undefined;
    await consumerFor('outage', async ({ id }) => {
      handled.set(id, (handled.get(id) ?? 0) + 1);
      if (handled.size === 100 && !outage) {
        outage = (async () => {
          await kafka.setBrokerDown(-1);
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await kafka.setBrokerUp(-1);
        })();
      }
    });
    await waitUntil(
      () => handled.size,
      (size) => size === ids.length,
      { what: 'every record handled after the outage', timeoutMs: 60_000 },
    );
    await outage;
    expect([...handled.keys()].sort()).toEqual([...ids].sort());
    // At least once: a record may come twice around the outage (counted), never zero times.
    const duplicates = [...handled.values()].filter((count) => count > 1).length;
    expect(duplicates).toBeLessThan(ids.length);
    expect(await readTopicToEnd(client, 'outage.dlq')).toEqual([]);
  });

  it('while a producer streams: each record is written once the broker is back', async () => {
    const producer = await producerFor({ lingerMs: 20, maxBatchRecords: 50 });
    const batches: number[] = [];
    const counting = await producerFor({
      lingerMs: 20,
      maxBatchRecords: 50,
      events: { produced: (_topic, count) => batches.push(count) },
    });
    await counting.produce('stream', { key: 'warm', value: { id: 'warm', text: 'x' } });
    const first = Array.from({ length: 100 }, (_, n) =>
      counting.produce('stream', { key: `a-${n}`, value: { id: `a-${n}`, text: 'x' } }),
    );
    await Promise.all(first);
    // One request per 50 records, not one per record.
    expect(batches).toEqual([1, 50, 50]);

    await kafka.setBrokerDown(-1);
    const during = Array.from({ length: 100 }, (_, n) =>
      producer.produce('stream', { key: `b-${n}`, value: { id: `b-${n}`, text: 'x' } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await kafka.setBrokerUp(-1);
    await Promise.all(during);
    const keys = new Set((await readTopicToEnd(client, 'stream')).map((record) => record.key?.toString()));
    for (let n = 0; n < 100; n++) {
      expect(keys.has(`a-${n}`)).toBe(true);
      expect(keys.has(`b-${n}`)).toBe(true);
    }
  });

  it('refuses only the bad record among those batched by produce', async () => {
    const producer = await producerFor({ lingerMs: 20 });
    const outcomes = await Promise.allSettled([
      producer.produce('stream', { key: 'good-1', value: { id: 'good-1', text: 'x' } }),
      producer.produce('stream', { key: 'bad', value: { id: 7 } }),
      producer.produce('stream', { key: 'good-2', value: { id: 'good-2', text: 'x' } }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(RecordsRefusedError);
    const keys = (await readTopicToEnd(client, 'stream')).map((record) => record.key?.toString());
    expect(keys).toEqual(expect.arrayContaining(['good-1', 'good-2']));
    expect(keys).not.toContain('bad');
  });
});
