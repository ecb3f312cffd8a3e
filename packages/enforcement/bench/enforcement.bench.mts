// pnpm bench:enforcement — Charter's runtime enforcement measured side by side with what it replaces, in one run.
//   serdes:       serialise (with validation) and deserialise 100 000 orders: Charter vs @confluentinc/schemaregistry's
//                 AvroSerializer / AvroDeserializer on the same records and registry (goal: >= 1.0x its throughput)
//   consumer:     the validating consumer vs a raw kafkajs consumer that only counts, on the same topic (goal >= 0.8x)
//   conservation: 1 000 000 messages, 1 % poison pills, the broker down for a while in the middle: zero lost, the
//                 dead-letter topic holds exactly the pills
//   middleware:   bench/middleware.bench.mts (the HTTP route with and without the contract hook), when present
// Needs PostgreSQL and Redis (as the tests do) and librdkafka-dev for the mock Kafka broker (scripts/ensure-services.sh).
// BENCH_ONLY=serdes,consumer,conservation picks parts; BENCH_RECORDS, BENCH_CONSERVATION_RECORDS and BENCH_ROUNDS scale.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestRegistry } from '@charter/registry/testing';
import { startTestKafka } from '@charter/testkit';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Kafka, logLevel } from 'kafkajs';
import { Deserializer, RegistryClient, Serializer } from '../src/index.js';
import { readTopicToEnd, ValidatingConsumer } from '../src/kafka/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ONLY = new Set((process.env.BENCH_ONLY ?? 'serdes,consumer,conservation,middleware').split(','));
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const CONSERVATION_RECORDS = Number(process.env.BENCH_CONSERVATION_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const results: Array<{ task: string; value: string }> = [];
const record = (task: string, value: string) => {
  results.push({ task, value });
  console.error(`${task}: ${value}`);
};
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const ratio = (ours: number, theirs: number) => (ours / theirs).toFixed(2);

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme.orders',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'customer_id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD', 'GBP'] } },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int' },
          ],
        },
      },
    },
    { name: 'coupon_code', type: ['null', 'string'], default: null },
    { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

interface Order {
  order_id: string;
  customer_id: string;
  amount_cents: number;
  currency: string;
  lines: Array<{ sku: string; qty: number }>;
  coupon_code: string | null;
  placed_at: number;
}

const order = (n: number): Order => ({
  order_id: `o-${n}`,
  customer_id: `c-${n % 997}`,
  amount_cents: 100 + ((n * 7919) % 100_000),
  currency: ['EUR', 'USD', 'GBP'][n % 3]!,
  lines: Array.from({ length: 1 + (n % 3) }, (_, line) => ({ sku: `sku-${(n + line) % 50}`, qty: 1 + line })),
  coupon_code: n % 5 === 0 ? 'WELCOME' : null,
  placed_at: 1_764_576_000_000 + n,
});

async function time(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const registry = await startTestRegistry();
const charterClient = () => new RegistryClient({ url: registry.url, credentials: registry.adminKey });
const confluentClient = () =>
  new SchemaRegistryClient({
    baseURLs: [registry.url],
    basicAuthCredentials: {
      credentialsSource: 'USER_INFO',
      userInfo: `${registry.adminKey.keyId}:${registry.adminKey.secret}`,
    },
  });
await registry.http.register('orders-value', ORDER);

try {
  if (ONLY.has('serdes')) await benchSerdes();
  if (ONLY.has('consumer') || ONLY.has('conservation')) await benchKafka();
} finally {
  await registry.close();
}
if (ONLY.has('middleware') && existsSync(path.join(here, 'middleware.bench.mts'))) {
  await import(path.join(here, 'middleware.bench.mts'));
}
console.log(JSON.stringify({ results }, null, 2));

async function benchSerdes(): Promise<void> {
  const orders = Array.from({ length: RECORDS }, (_, n) => order(n));
  const charter = new Serializer({ client: charterClient() });
  const confluent = new AvroSerializer(confluentClient(), SerdeType.VALUE, { useLatestVersion: true });
  const charterReader = new Deserializer({ client: charterClient() });
  const confluentReader = new AvroDeserializer(confluentClient(), SerdeType.VALUE, {});
  // Warm both (schema lookups, compiled types, JIT) on the same records, and check they write the same bytes.
  const sample = await charter.serialize('orders', orders[1]);
  if (Buffer.compare(sample, await confluent.serialize('orders', orders[1])) !== 0) throw new Error('bytes differ');
  const frames: Buffer[] = new Array(RECORDS);
  for (let n = 0; n < 2_000; n++) {
    await confluent.serialize('orders', orders[n]);
    frames[n] = await charter.serialize('orders', orders[n]);
    await confluentReader.deserialize('orders', frames[n]!);
    await charterReader.deserialize('orders', frames[n]!);
  }
  const write = { charter: [] as number[], confluent: [] as number[] };
  const read = { charter: [] as number[], confluent: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so neither always runs on a warmer or a busier machine.
    const pair = [
      async () =>
        write.charter.push(
          rate(
            RECORDS,
            await time(async () => {
              for (let n = 0; n < RECORDS; n++) frames[n] = await charter.serialize('orders', orders[n]);
            }),
          ),
        ),
      async () =>
        write.confluent.push(
          rate(
            RECORDS,
            await time(async () => {
              for (let n = 0; n < RECORDS; n++) await confluent.serialize('orders', orders[n]);
            }),
          ),
        ),
    ];
    for (const step of round % 2 === 0 ? pair : pair.reverse()) await step();
    const readers = [
      async () =>
        read.charter.push(
          rate(
            RECORDS,
            await time(async () => {
              for (let n = 0; n < RECORDS; n++) await charterReader.deserialize('orders', frames[n]!);
            }),
          ),
        ),
      async () =>
        read.confluent.push(
          rate(
            RECORDS,
            await time(async () => {
              for (let n = 0; n < RECORDS; n++) await confluentReader.deserialize('orders', frames[n]!);
            }),
          ),
        ),
    ];
    for (const step of round % 2 === 0 ? readers : readers.reverse()) await step();
  }
  const per = (rates: number[]) => rates.join(', ');
  const mean = (rates: number[]) => rates.reduce((sum, value) => sum + value, 0) / rates.length;
  record(
    `serialise + validate ${RECORDS} orders, records/s per round`,
    `Charter ${per(write.charter)}; Confluent AvroSerializer ${per(write.confluent)}; ratio ${ratio(mean(write.charter), mean(write.confluent))}x`,
  );
  record(
    `deserialise + validate ${RECORDS} orders, records/s per round`,
    `Charter ${per(read.charter)}; Confluent AvroDeserializer ${per(read.confluent)}; ratio ${ratio(mean(read.charter), mean(read.confluent))}x`,
  );
}

async function benchKafka(): Promise<void> {
  const kafka = await startTestKafka({
    topics: [
      { name: 'orders', partitions: 3 },
      { name: 'orders.dlq', partitions: 1 },
      { name: 'chaos', partitions: 6 },
      { name: 'chaos.dlq', partitions: 1 },
    ],
  });
  const client = new Kafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  await registry.http.register('chaos-value', ORDER);
  try {
    if (ONLY.has('consumer')) await benchConsumer(client);
    if (ONLY.has('conservation')) await benchConservation(client, kafka);
  } finally {
    await kafka.stop();
  }
}

/** Writes `count` orders framed by Charter, in batches, with raw kafkajs (the bench measures reading). */
async function fill(client: Kafka, topic: string, count: number, pill?: (n: number) => Buffer | undefined) {
  const serializer = new Serializer({ client: charterClient() });
  const producer = client.producer();
  await producer.connect();
  const BATCH = 5_000;
  for (let start = 0; start < count; start += BATCH) {
    const messages = [];
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      messages.push({ key: `o-${n}`, value: pill?.(n) ?? (await serializer.serialize(topic, order(n))) });
    }
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

async function benchConsumer(client: Kafka): Promise<void> {
  await fill(client, 'orders', RECORDS);
  const raw = [] as number[];
  const validating = [] as number[];
  const readRaw = async (group: string) => {
    let seen = 0;
    const consumer = client.consumer({ groupId: group, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const started = { at: 0 };
    const done = new Promise<void>((resolve) => {
      consumer.run({
        eachMessage: async () => {
          if (seen === 0) started.at = performance.now();
          if (++seen === RECORDS) resolve();
        },
      });
    });
    await done;
    const ms = performance.now() - started.at;
    await consumer.disconnect();
    return rate(RECORDS, ms);
  };
  const readValidating = async (group: string) => {
    let seen = 0;
    let startedAt = 0;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    const consumer = new ValidatingConsumer({
      kafka: client,
      idempotent: false,
      groupId: group,
      topic: 'orders',
      deserializer: new Deserializer({ client: charterClient() }),
      handler: async () => {
        if (seen === 0) startedAt = performance.now();
        if (++seen === RECORDS) resolveDone();
      },
    });
    await consumer.start();
    await done;
    const ms = performance.now() - startedAt;
    await consumer.stop();
    return rate(RECORDS, ms);
  };
  for (let round = 0; round < ROUNDS; round++) {
    const pair = [
      async () => raw.push(await readRaw(`raw-${round}`)),
      async () => validating.push(await readValidating(`validating-${round}`)),
    ];
    for (const step of round % 2 === 0 ? pair : pair.reverse()) await step();
  }
  const mean = (rates: number[]) => rates.reduce((sum, value) => sum + value, 0) / rates.length;
  record(
    `consume ${RECORDS} orders (3 partitions, from the first record to the last), records/s per round`,
    `validating consumer ${validating.join(', ')}; raw kafkajs counting ${raw.join(', ')}; ratio ${ratio(mean(validating), mean(raw))}x`,
  );
}

/**
 * Producer and consumer run together, as in production, with the backlog bounded: librdkafka's mock broker keeps only
 * a few megabytes per partition and silently drops older records, so a million records written ahead of the consumer
 * would be lost by the broker, not by Charter. Every record must be read (lost 0), whatever the broker removes later.
 */
async function benchConservation(client: Kafka, kafka: Awaited<ReturnType<typeof startTestKafka>>): Promise<void> {
  const total = CONSERVATION_RECORDS;
  const BACKLOG = 20_000;
  const BATCH = 2_000;
  const isPill = (n: number) => n % 100 === 37;
  const pills = new Set(
    Array.from({ length: total }, (_, n) => n)
      .filter(isPill)
      .map((n) => `o-${n}`),
  );
  const handled = new Set<string>();
  const letterKeys = new Set<string>();
  let deliveries = 0;
  let letters = 0;
  const consumer = new ValidatingConsumer({
    kafka: client,
    idempotent: false,
    groupId: 'chaos-service',
    topic: 'chaos',
    deserializer: new Deserializer({ client: charterClient() }),
    handler: async (consumed) => {
      deliveries++;
      handled.add((consumed.value as Order).order_id);
    },
    events: {
      deadLettered: () => {
        letters++;
      },
    },
  });
  // Dead letters are counted by their key as the dead-letter topic holds them, at the end.
  const started = performance.now();
  await consumer.start();
  const serializer = new Serializer({ client: charterClient() });
  const producer = client.producer({ retry: { retries: 12, initialRetryTime: 200 } });
  await producer.connect();
  let outageMs = 0;
  let outage: Promise<void> | undefined;
  for (let first = 0; first < total; first += BATCH) {
    while (first - (handled.size + letters) > BACKLOG) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!outage && first >= total / 2) {
      outage = (async () => {
        const down = performance.now();
        await kafka.setBrokerDown(-1);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await kafka.setBrokerUp(-1);
        outageMs = performance.now() - down;
      })();
    }
    const messages = [];
    for (let n = first; n < Math.min(total, first + BATCH); n++) {
      const key = `o-${n}`;
      // Poison pills past the producer edge, as a misbehaving client would write them: bytes that are not a frame.
      messages.push({
        key,
        value: isPill(n) ? Buffer.from(`not a frame ${n}`) : await serializer.serialize('chaos', order(n)),
      });
    }
    await producer.send({ topic: 'chaos', messages });
  }
  await producer.disconnect();
  const deadline = Date.now() + 10 * 60_000;
  while (handled.size + letters < total && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const ms = performance.now() - started;
  await outage;
  await consumer.stop();
  const admin = client.admin();
  await admin.connect();
  const dropped = (await admin.fetchTopicOffsets('chaos')).reduce((sum, entry) => sum + Number(entry.low), 0);
  await admin.disconnect();
  for (const letter of await readTopicToEnd(client, 'chaos.dlq')) letterKeys.add(letter.key?.toString() ?? '');
  const pillsExact = letterKeys.size === pills.size && [...pills].every((key) => letterKeys.has(key));
  let lost = 0;
  for (let n = 0; n < total; n++) if (!isPill(n) && !handled.has(`o-${n}`)) lost++;
  record(
    `conservation: ${total} messages, ${pills.size} poison pills, broker down ${Math.round(outageMs)} ms mid-run`,
    `produced and consumed together in ${Math.round(ms / 1000)} s (${rate(total, ms)}/s); handled ${handled.size} unique (${deliveries - handled.size} redelivered), lost ${lost}; dead letters ${letters} for ${letterKeys.size} distinct records, exactly the pills: ${pillsExact}; records the broker's retention removed after they were read: ${dropped}`,
  );
  if (lost !== 0 || !pillsExact) process.exitCode = 1;
}
