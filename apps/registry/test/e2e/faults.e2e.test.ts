import {
  createTestDatabase,
  startPrivatePostgres,
  startPrivateRedis,
  type TestDatabase,
  waitUntil,
} from '@charter/testkit';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { avroRecord, MIGRATIONS_DIR, startTestRegistry } from '../../src/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitUntil(check, (met) => met, { timeoutMs, intervalMs: 100 });
  return Date.now() - started;
}

function metric(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('Redis stopped mid-run', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('keeps serving reads and writes from Postgres, counts the failures, and uses Redis again when it is back', async () => {
    const redis = await startPrivateRedis();
    const registry = await startTestRegistry({
      database,
      redis: { url: redis.url, prefix: 'fault:' },
    });
    try {
      const { http } = registry;
      const first = await http.register('r-value', avroRecord('R', [['a', 'int']]));
      await waitFor(async () => ((await http.get('/ready')).body as { cache: string }).cache === 'redis', 5_000);
      expect((await http.get(`/schemas/ids/${first.body.id}`)).status).toBe(200);

      await redis.stop();
      await waitFor(async () => ((await http.get('/ready')).body as { cache: string }).cache === 'redis-down', 5_000);
      for (let i = 0; i < 20; i++) {
        expect((await http.get(`/schemas/ids/${first.body.id}`)).status).toBe(200);
        expect((await http.get('/subjects/r-value/versions/latest')).status).toBe(200);
      }
      const second = await http.register(
        'r-value',
        avroRecord('R', [
          ['a', 'int'],
          ['b', 'int', 0],
        ]),
      );
      expect(second.status).toBe(200);
      expect((await http.get('/subjects/r-value/versions')).body).toEqual([1, 2]);
      const ready = await http.get('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', database: 'up', cache: 'redis-down' });

      await redis.start();
      await waitFor(async () => ((await http.get('/ready')).body as { cache: string }).cache === 'redis', 10_000);
      expect((await http.get('/subjects/r-value/versions/latest')).body).toMatchObject({ version: 2 });
      expect((await http.get('/subjects/r-value/versions/latest')).body).toMatchObject({ version: 2 });
      const metrics = (await http.get<string>('/metrics')).body;
      expect(metric(metrics, 'charter_registry_cache_errors_total')).toBeGreaterThan(0);
      expect(metric(metrics, 'charter_registry_cache_hits_total{tier="memory"}')).toBeGreaterThan(0);
    } finally {
      await registry.close();
      await redis.destroy();
    }
  });
});

describe('Redis down when the registry closes', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('stops reconnecting: once Redis is back, no client of the closed registry connects to it', async () => {
    const redis = await startPrivateRedis();
    const registry = await startTestRegistry({ database, redis: { url: redis.url, prefix: 'closed:' } });
    const watcher = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null });
    try {
      const { http } = registry;
      await waitFor(async () => ((await http.get('/ready')).body as { cache: string }).cache === 'redis', 5_000);
      await redis.stop();
      await waitFor(async () => ((await http.get('/ready')).body as { cache: string }).cache === 'redis-down', 5_000);
      // Let the clients back off a few times, then close while they are between reconnection attempts.
      await sleep(700);
      await registry.close();

      await redis.start();
      await watcher.connect();
      // The registry's clients retried at most every 2 s: give them twice that to come back if they were going to.
      const connected: string[][] = [];
      const deadline = Date.now() + 4_500;
      while (Date.now() < deadline) {
        const clients = String(await watcher.client('LIST'))
          .trim()
          .split('\n')
          .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1] ?? line);
        connected.push(clients);
        await sleep(250);
      }
      // Only the watcher itself, the whole time.
      expect(new Set(connected.map((clients) => clients.length))).toEqual(new Set([1]));
    } finally {
      watcher.disconnect();
      await registry.close();
      await redis.destroy();
    }
  }, 30_000);
});

describe('Postgres restarted mid-run', () => {
  it('answers retriable 503s (50001) while it is down, leaves no partial rows, and recovers by itself', async () => {
    const postgres = await startPrivatePostgres();
    const registry = await startTestRegistry({
      database: { url: postgres.url },
      redis: false,
    });
    try {
      const { http } = registry;
      const outcomes: Array<{ status: number; errorCode?: number; retryAfter: string | null; k: number }> = [];
      let k = 0;
      let isRunning = true;
      // Four writers keep registering new versions of one subject the whole time.
      const writers = Array.from({ length: 4 }, async () => {
        while (isRunning) {
          const mine = ++k;
          const fields = Array.from({ length: mine }, (_, i): [string, unknown, unknown] => [`f${i}`, 'int', 0]);
          const response = await http.register('pg-value', avroRecord('P', fields));
          outcomes.push({
            status: response.status,
            errorCode: response.body.error_code,
            retryAfter: response.headers.get('retry-after'),
            k: mine,
          });
          await sleep(5);
        }
      });
      await sleep(300);
      await postgres.stop();
      await sleep(1_500);
      await postgres.start();
      const recoveredAfter = await waitFor(async () => {
        const response = await http.register('pg-after-value', avroRecord('Q', [['a', 'int']]));
        return response.status === 200;
      }, 15_000);
      isRunning = false;
      await Promise.all(writers);

      const failed = outcomes.filter(({ status }) => status !== 200);
      expect(outcomes.filter(({ status }) => status === 200).length).toBeGreaterThan(5);
      expect(failed.length).toBeGreaterThan(0);
      for (const failure of failed) {
        expect(failure).toMatchObject({ status: 503, errorCode: 50001, retryAfter: '1' });
      }
      expect(recoveredAfter).toBeLessThan(15_000);
      expect((await http.get('/ready')).body).toMatchObject({ status: 'ready', database: 'up' });

      // Nothing half-written: versions are gapless, every schema row has a version, and every 200 is stored.
      const client = new Client({ connectionString: postgres.url });
      await client.connect();
      const versions = (
        await client.query("SELECT version FROM subject_versions WHERE subject = 'pg-value' ORDER BY 1")
      ).rows as Array<{ version: number }>;
      expect(versions.map(({ version }) => version)).toEqual(versions.map((_, i) => i + 1));
      const orphans = await client.query(
        'SELECT id FROM schemas s WHERE NOT EXISTS (SELECT 1 FROM subject_versions v WHERE v.schema_id = s.id)',
      );
      expect(orphans.rows).toEqual([]);
      await client.end();
      expect(versions.length).toBe(outcomes.filter(({ status }) => status === 200).length);
    } finally {
      await registry.close();
      await postgres.destroy();
    }
  });
});

describe('a statement that cannot finish', () => {
  it('is cancelled by the statement timeout: a retriable 503 (50002), never a hang, and nothing written', async () => {
    const registry = await startTestRegistry({ env: { CHARTER_DB_STATEMENT_TIMEOUT_MS: '300' } });
    const blocker = new Client({ connectionString: registry.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE subject_versions IN EXCLUSIVE MODE');
      const started = Date.now();
      const stuck = await registry.http.register('slow-value', avroRecord('S', [['a', 'int']]));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(stuck.status).toBe(503);
      expect(stuck.body).toEqual({ error_code: 50002, message: 'Database operation timed out' });
      expect(stuck.headers.get('retry-after')).toBe('1');
      await blocker.query('COMMIT');
      expect((await registry.http.get('/subjects/slow-value/versions')).status).toBe(404);
      expect((await registry.http.register('slow-value', avroRecord('S', [['a', 'int']]))).status).toBe(200);
    } finally {
      await blocker.end();
      await registry.close();
    }
  });
});
