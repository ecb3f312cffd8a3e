import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase, type TestDatabase, waitUntil } from '@charter/testkit';
import pg from 'pg';
import { CONTRACTS_DIR, call, LINEAGE_MIGRATIONS, startTestLineage, type TestLineage } from '../support/test-lineage';

const SAMPLE_FLOW: unknown[] = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);
const AMOUNT = 'datasetField:kafka://kafka.charter.local:9092:orders:amount_cents';

let registry: TestRegistry;
let database: TestDatabase;
const replicas: TestLineage[] = [];

beforeAll(async () => {
  registry = await startTestRegistry();
  database = await createTestDatabase({ migrationsDir: LINEAGE_MIGRATIONS });
  for (let index = 0; index < 2; index++) {
    replicas.push(
      await startTestLineage({ registryUrl: registry.url, database, env: { CHARTER_LINEAGE_FOLLOW_MS: '50' } }),
    );
  }
});
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await database?.drop();
  await registry?.close();
});

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean) =>
  waitUntil(read, done, { what: 'the replicas to agree' });

const stats = (replica: TestLineage) =>
  call<{ events: number; datasets: number; columns: number; jobs: number; edges: number }>(
    `${replica.url}/stats`,
    'GET',
    registry.admin,
  ).then(({ body }) => ({ ...body, dangling: undefined }));

/** A column's lineage as a replica serves it, in a stable order. */
const columnLineage = (replica: TestLineage) =>
  call<{ graph: Array<{ id: string; inEdges: unknown[]; outEdges: unknown[] }> }>(
    `${replica.url}/api/v1/column-lineage?nodeId=${encodeURIComponent(AMOUNT)}&depth=20&withDownstream=true`,
    'GET',
    registry.admin,
  ).then(({ body }) => body.graph.map((node) => node.id).sort());

describe('replicas on one database share the event log', () => {
  it('each applies what the other stored, so both serve the same graph', async () => {
    // The sample flow, alternating between the two replicas (as a load balancer would send it).
    for (const [index, event] of SAMPLE_FLOW.entries()) {
      const replica = replicas[index % 2]!;
      expect((await call(`${replica.url}/api/v1/lineage`, 'POST', registry.admin, event)).status).toBe(201);
    }
    const [first, second] = await Promise.all(
      replicas.map((replica) =>
        eventually(
          () => stats(replica),
          (value) => value.events === SAMPLE_FLOW.length,
        ),
      ),
    );
    expect(first).toMatchObject({ events: SAMPLE_FLOW.length });
    expect(second).toEqual(first);
    const lineages = await Promise.all(replicas.map(columnLineage));
    expect(lineages[0]!.length).toBeGreaterThan(5);
    expect(lineages[1]).toEqual(lineages[0]);
  });

  it('stores an event sent to both once: the second replica answers it as a duplicate', async () => {
    const event = { ...(SAMPLE_FLOW[0] as Record<string, unknown>), eventTime: '2026-12-04T10:00:00.000Z' };
    const answers = [];
    for (const replica of replicas) {
      answers.push(
        (await call<{ duplicate: boolean }>(`${replica.url}/api/v1/lineage`, 'POST', registry.admin, event)).body,
      );
    }
    expect(answers.map((answer) => answer.duplicate)).toEqual([false, true]);
    const counts = await Promise.all(
      replicas.map((replica) =>
        eventually(
          () => stats(replica),
          (value) => value.events === SAMPLE_FLOW.length + 1,
        ),
      ),
    );
    expect(counts.map((count) => count.events)).toEqual([SAMPLE_FLOW.length + 1, SAMPLE_FLOW.length + 1]);
  });

  it('agrees under concurrent writes to both: the same events, the same graph as a replay of the log', async () => {
    // 120 new runs of the sample flow's jobs, sent to both replicas at once, 8 at a time each.
    const runs = Array.from({ length: 120 }, (_, index) => {
      const event = SAMPLE_FLOW[index % SAMPLE_FLOW.length] as { run?: { runId: string } } & Record<string, unknown>;
      const runId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      return {
        ...event,
        eventTime: new Date(Date.UTC(2026, 11, 5, 0, 0, index)).toISOString(),
        ...(event.run ? { run: { ...event.run, runId } } : {}),
      };
    });
    const before = (await stats(replicas[0]!)).events;
    const lanes = Array.from({ length: 16 }, (_, lane) =>
      (async () => {
        for (let index = lane; index < runs.length; index += 16) {
          const replica = replicas[index % 2]!;
          expect((await call(`${replica.url}/api/v1/lineage`, 'POST', registry.admin, runs[index])).status).toBe(201);
        }
      })(),
    );
    await Promise.all(lanes);
    const settled = await Promise.all(
      replicas.map((replica) =>
        eventually(
          () => stats(replica),
          (value) => value.events === before + runs.length,
        ),
      ),
    );
    expect(settled[0]!.events).toBe(before + runs.length);
    expect(settled[1]).toEqual(settled[0]);
    const late = await startTestLineage({ registryUrl: registry.url, database });
    try {
      expect(await stats(late)).toEqual(settled[0]);
      expect(await columnLineage(late)).toEqual(await columnLineage(replicas[1]!));
    } finally {
      await late.close();
    }
  });

  it('a replica started later replays the log to the same graph', async () => {
    const late = await startTestLineage({ registryUrl: registry.url, database });
    try {
      expect(await stats(late)).toEqual(await stats(replicas[0]!));
      expect(await columnLineage(late)).toEqual(await columnLineage(replicas[0]!));
    } finally {
      await late.close();
    }
  });

  it('a replica whose look at the log fails still answers, and reads what it missed on its next follow', async () => {
    // A real fault: the replica connects as a role that, for a moment, may insert but not read event texts.
    const own = await createTestDatabase({ migrationsDir: LINEAGE_MIGRATIONS });
    const admin = new pg.Client({ connectionString: own.url });
    await admin.connect();
    const role = `lineage_limited_${randomBytes(4).toString('hex')}`;
    const started: TestLineage[] = [];
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
      await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      await admin.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      const limitedUrl = new URL(own.url);
      limitedUrl.username = role;
      const quiet = { CHARTER_LINEAGE_FOLLOW_MS: '0' };
      const writer = await startTestLineage({ registryUrl: registry.url, database: own, env: quiet });
      started.push(writer);
      const limited = await startTestLineage({
        registryUrl: registry.url,
        database: { ...own, url: limitedUrl.toString() },
        env: quiet,
      });
      started.push(limited);

      expect((await call(`${writer.url}/api/v1/lineage`, 'POST', registry.admin, SAMPLE_FLOW[0])).status).toBe(201);
      await admin.query(`REVOKE SELECT ON lineage_events FROM ${role}`);
      await admin.query(`GRANT SELECT (id, digest) ON lineage_events TO ${role}`);
      // Its insert lands (id 2), its look at id 1 fails: it answers for its own event all the same.
      const answered = await call<{ duplicate: boolean }>(
        `${limited.url}/api/v1/lineage`,
        'POST',
        registry.admin,
        SAMPLE_FLOW[1],
      );
      expect(answered).toMatchObject({ status: 201, body: { duplicate: false } });
      expect((await stats(limited)).events).toBe(1);

      await admin.query(`GRANT SELECT ON lineage_events TO ${role}`);
      expect(await limited.app.runtime.lineage.follow()).toBe(1);
      expect(await writer.app.runtime.lineage.follow()).toBe(1);
      const [left, right] = await Promise.all([stats(limited), stats(writer)]);
      expect(left.events).toBe(2);
      expect(left).toEqual(right);
    } finally {
      for (const replica of started) await replica.close();
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.end();
      await own.drop();
      const server = new pg.Client({ connectionString: new URL('/postgres', own.url).toString() });
      await server.connect();
      await server.query(`DROP ROLE IF EXISTS ${role}`);
      await server.end();
    }
  });
});
