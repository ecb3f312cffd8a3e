/**
 * The fault proxy in front of the real parts drills will break: the registry (HTTP clients), PostgreSQL (a `pg`
 * client, and the registry's own pool), and the Kafka-protocol test broker (kafkajs). Each real client sees the
 * fault and recovers once it is removed.
 * Bad inputs: a proxy taken down under open keep-alive and pooled connections, a client connecting while it is down.
 */
import { createConnection } from 'node:net';
import { MIGRATIONS_DIR, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase, startTestKafka, type TestDatabase, type TestKafka, waitUntil } from '@charter/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ChaosClient, type ChaosServer, startChaosServer } from '../src';

let server: ChaosServer;
let chaos: ChaosClient;

beforeAll(async () => {
  server = await startChaosServer({ listen: '127.0.0.1:0' });
  chaos = new ChaosClient(server.url);
});

afterAll(async () => {
  await server.close();
});

function hostPort(url: string): string {
  return new URL(url).host;
}

/** The same URL with its host and port replaced by the proxy's. */
function throughProxy(url: string, listen: string): string {
  const proxied = new URL(url);
  proxied.host = listen;
  return proxied.toString();
}

describe('the registry behind the proxy', () => {
  let registry: TestRegistry;
  let listen: string;

  beforeAll(async () => {
    registry = await startTestRegistry({ redis: false });
    listen = (await chaos.createProxy({ name: 'registry', upstream: hostPort(registry.url), listen: '127.0.0.1:0' }))
      .listen;
  });

  afterAll(async () => {
    await chaos.deleteProxy('registry');
    await registry.close();
  });

  const subjects = () => fetch(`http://${listen}/subjects`, { headers: { authorization: registry.admin } });

  it('answers through the proxy, fails while it is down, recovers when it is up', async () => {
    expect((await subjects()).status).toBe(200);
    await chaos.disable('registry');
    await expect(subjects()).rejects.toThrow(/fetch failed/);
    await chaos.enable('registry');
    expect((await subjects()).status).toBe(200);
  });

  it('is slowed by a latency toxic on a kept-alive connection, and fast again once it is removed', async () => {
    await subjects();
    await chaos.addToxic('registry', { name: 'slow', type: 'latency', attributes: { latency: 300 } });
    let started = performance.now();
    expect((await subjects()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    await chaos.removeToxic('registry', 'slow');
    started = performance.now();
    expect((await subjects()).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('PostgreSQL behind the proxy', () => {
  let database: TestDatabase;
  let listen: string;

  beforeAll(async () => {
    database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
    listen = (await chaos.createProxy({ name: 'postgres', upstream: hostPort(database.url), listen: '127.0.0.1:0' }))
      .listen;
  });

  afterAll(async () => {
    await chaos.deleteProxy('postgres');
    await database.drop();
  });

  it('a pg client loses its connection when the proxy goes down and a new one works once it is up', async () => {
    const first = new Client({ connectionString: throughProxy(database.url, listen) });
    const lost = new Promise<Error>((resolve) => first.on('error', resolve));
    await first.connect();
    expect((await first.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await chaos.disable('postgres');
    await expect(first.query('select 1')).rejects.toThrow();
    await lost;
    const refused = new Client({
      connectionString: throughProxy(database.url, listen),
      connectionTimeoutMillis: 2_000,
    });
    await expect(refused.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await chaos.enable('postgres');
    const second = new Client({ connectionString: throughProxy(database.url, listen) });
    await second.connect();
    expect((await second.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    await second.end();
    await first.end().catch(() => undefined);
  });

  it('a registry whose database sits behind the proxy turns unready when it is down, and ready when it is up', async () => {
    const registry = await startTestRegistry({ database: { url: throughProxy(database.url, listen) }, redis: false });
    try {
      const ready = () => fetch(`${registry.url}/ready`).then((response) => response.status);
      expect(await ready()).toBe(200);
      await chaos.disable('postgres');
      await waitUntil(ready, (status) => status === 503, { what: 'the registry to report unready', timeoutMs: 15_000 });
      await chaos.enable('postgres');
      await waitUntil(ready, (status) => status === 200, { what: 'the registry to recover', timeoutMs: 15_000 });
    } finally {
      await chaos.enable('postgres');
      await registry.close();
    }
  });
});

describe('the Kafka-protocol test broker behind the proxy', () => {
  let kafka: TestKafka;
  let listen: string;

  beforeAll(async () => {
    kafka = await startTestKafka({ topics: ['chaos.orders'] });
    listen = (await chaos.createProxy({ name: 'kafka', upstream: kafka.brokers[0]!, listen: '127.0.0.1:0' })).listen;
  });

  afterAll(async () => {
    await chaos.deleteProxy('kafka').catch(() => undefined);
    await kafka.stop();
  });

  it('kafkajs produces and consumes through the proxy, each request slowed by the latency toxic', async () => {
    const [host, port] = [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))];
    // The broker advertises its own address in metadata; every connection is sent to the proxy instead.
    const client = new Kafka({
      clientId: 'chaos-test',
      brokers: [listen],
      logLevel: logLevel.NOTHING,
      socketFactory: ({ onConnect }) => createConnection({ host, port }, onConnect),
    });
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic: 'chaos.orders', messages: [{ value: 'before' }] });
    const fast = performance.now();
    await producer.send({ topic: 'chaos.orders', messages: [{ value: 'fast' }] });
    const fastMs = performance.now() - fast;

    await chaos.addToxic('kafka', { name: 'slow', type: 'latency', attributes: { latency: 250 } });
    const slow = performance.now();
    await producer.send({ topic: 'chaos.orders', messages: [{ value: 'slow' }] });
    const slowMs = performance.now() - slow;
    await chaos.removeToxic('kafka', 'slow');
    const proxiedConnections = server.collection.get('kafka').connectionCount;
    await producer.disconnect();

    expect(fastMs).toBeLessThan(200);
    expect(slowMs).toBeGreaterThanOrEqual(245);
    expect(proxiedConnections).toBeGreaterThanOrEqual(1);

    const consumer = client.consumer({ groupId: 'chaos-test', sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'chaos.orders', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value?.toString() ?? '');
      },
    });
    await waitUntil(
      () => seen.length,
      (count) => count >= 3,
      { what: 'the three messages consumed through the proxy', timeoutMs: 20_000 },
    );
    await consumer.disconnect();
    expect(seen).toEqual(['before', 'fast', 'slow']);
  });
});
