// pnpm --filter @charter/drift bench — the drift profiler's cost, measured side by side in one run.
//   consumer: the validating consumer reading the same orders topic without and with a DriftProfiler (every field of
//             the orders contract, 10 000-record windows), rounds alternating who goes first (goal: >= 0.8x)
//   profiler: DriftProfiler.observe alone over decoded orders, records/s
// Needs PostgreSQL and Redis (as the tests do) and librdkafka-dev for the mock Kafka broker (scripts/ensure-services.sh).
// BENCH_RECORDS (100 000), BENCH_ROUNDS (3) and BENCH_PROFILE_RECORDS (1 000 000) scale it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deserializer, RegistryClient, Serializer } from '@charter/enforcement';
import { type RecordObserver, ValidatingConsumer } from '@charter/enforcement/kafka';
import { startTestRegistry } from '@charter/registry/testing';
import { startTestKafka } from '@charter/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { DriftProfiler, fieldSpecsFromContract } from '../src/index.js';
import { orderGenerator, ordersContract } from '../test/order-stream.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROFILE_RECORDS = Number(process.env.BENCH_PROFILE_RECORDS ?? 1_000_000);

const results: Array<{ task: string; value: string }> = [];
const record = (task: string, value: string) => {
  results.push({ task, value });
  console.error(`${task}: ${value}`);
};
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const mean = (rates: number[]) => rates.reduce((sum, value) => sum + value, 0) / rates.length;

const contract = ordersContract();
const fields = fieldSpecsFromContract(contract.document, { drift: contract.drift });
const newProfiler = () => {
  let drifted = 0;
  const profiler = new DriftProfiler({
    contract: { id: contract.id, version: contract.version },
    source: 'kafka:orders',
    fields,
    settings: contract.drift,
    onDrift: () => {
      drifted++;
    },
  });
  return { profiler, drifted: () => drifted };
};

benchProfiler();
await benchConsumer();
console.log(JSON.stringify({ results }, null, 2));

function benchProfiler(): void {
  const next = orderGenerator(1);
  const orders = Array.from({ length: Math.min(PROFILE_RECORDS, 200_000) }, (_, n) => next(n));
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { profiler, drifted } = newProfiler();
    const started = performance.now();
    for (let n = 0; n < PROFILE_RECORDS; n++) profiler.observe(orders[n % orders.length]);
    rates.push(rate(PROFILE_RECORDS, performance.now() - started));
    if (drifted() > 0) throw new Error('a stationary stream drifted');
  }
  record(
    `DriftProfiler.observe alone, ${PROFILE_RECORDS} decoded orders x ${fields.length} fields, records/s per round`,
    `${rates.join(', ')} (mean ${Math.round(mean(rates))}; ${(1e9 / mean(rates)) | 0} ns a record)`,
  );
}

async function benchConsumer(): Promise<void> {
  const registry = await startTestRegistry();
  const kafka = await startTestKafka({
    topics: [
      { name: 'orders', partitions: 3 },
      { name: 'orders.dlq', partitions: 1 },
    ],
  });
  const client = new Kafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
  const registryClient = () => new RegistryClient({ url: registry.url, credentials: registry.adminKey });
  try {
    const schema = readFileSync(
      path.join(here, '..', '..', '..', 'contracts', 'orders', 'schemas', 'orders-value', 'v3.avsc'),
      'utf8',
    );
    await registry.http.register('orders-value', JSON.parse(schema));
    // The topic: orders framed by Charter, written in batches with raw kafkajs (the bench measures reading).
    const serializer = new Serializer({ client: registryClient() });
    const next = orderGenerator(2);
    const producer = client.producer();
    await producer.connect();
    for (let first = 0; first < RECORDS; first += 5_000) {
      const messages = [];
      for (let n = first; n < Math.min(RECORDS, first + 5_000); n++) {
        messages.push({ key: `o-${n}`, value: await serializer.serialize('orders', next(n)) });
      }
      await producer.send({ topic: 'orders', messages });
    }
    await producer.disconnect();

    const read = async (group: string, profiler?: RecordObserver) => {
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
        deserializer: new Deserializer({ client: registryClient() }),
        ...(profiler ? { profiler } : {}),
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
    const without: number[] = [];
    const withProfiler: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pair = [
        async () => without.push(await read(`plain-${round}`)),
        async () => withProfiler.push(await read(`profiled-${round}`, newProfiler().profiler)),
      ];
      for (const step of round % 2 === 0 ? pair : pair.reverse()) await step();
    }
    record(
      `validating consumer, ${RECORDS} orders (3 partitions, first record to last), records/s per round`,
      `with the profiler ${withProfiler.join(', ')}; without ${without.join(', ')}; ratio ${(mean(withProfiler) / mean(without)).toFixed(2)}x`,
    );
  } finally {
    await kafka.stop();
    await registry.close();
  }
}
