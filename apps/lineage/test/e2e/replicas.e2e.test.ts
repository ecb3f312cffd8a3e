import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import {
  CONTRACTS_DIR,
  call,
  LINEAGE_MIGRATIONS,
  startTestLineage,
  startTestRegistry,
  type TestLineage,
} from '../support/test-lineage';

const SAMPLE_FLOW: unknown[] = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);
const AMOUNT = 'datasetField:kafka://kafka.charter.local:9092:orders:amount_cents';

let registry: Awaited<ReturnType<typeof startTestRegistry>>;
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

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
});
