import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase } from '@charter/testkit';
import { CONTRACTS_DIR, call, startTestLineage, type TestLineage } from '../support/test-lineage';

const SAMPLE_FLOW: Array<Record<string, unknown>> = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);
const KAFKA = 'kafka://kafka.charter.local:9092';
const WAREHOUSE = 'snowflake://acme.eu-west-1';
const LOOKER = 'looker://acme.looker.com';

const removeAmount = {
  changes: [{ namespace: KAFKA, name: 'orders', field: 'amount_cents', change: 'field-removed' }],
  changedBy: 'orders',
};

let registry: TestRegistry;
let lineage: TestLineage;
let writer: string;
let reader: string;

async function issue(role: string): Promise<string> {
  const { body } = await call<{ id: string; secret: string }>(`${registry.url}/keys`, 'POST', registry.admin, {
    name: role,
    role,
  });
  return `Bearer ${body.id}.${body.secret}`;
}

beforeAll(async () => {
  registry = await startTestRegistry();
  lineage = await startTestLineage({ registryUrl: registry.url });
  writer = await issue('team:analytics');
  reader = await issue('reader');
});
afterAll(async () => {
  await lineage?.close();
  await registry?.close();
});

const stats = async () => (await call<Record<string, unknown>>(`${lineage.url}/stats`, 'GET', reader)).body;

describe('ingest (POST /api/v1/lineage, as Marquez takes it)', () => {
  it('needs a key the registry issued, and more than a reader’s to write', async () => {
    const event = SAMPLE_FLOW[0];
    expect((await call(`${lineage.url}/api/v1/lineage`, 'POST', undefined, event)).status).toBe(401);
    expect((await call(`${lineage.url}/api/v1/lineage`, 'POST', 'Bearer ck_nope.cs_nope', event)).status).toBe(401);
    expect((await call(`${lineage.url}/api/v1/lineage`, 'POST', reader, event)).status).toBe(403);
    expect((await call(`${lineage.url}/health`, 'GET', undefined)).status).toBe(200);
    expect((await stats()).events).toBe(0);
  });

  it('takes the sample flow, event by event', async () => {
    for (const event of SAMPLE_FLOW) {
      const response = await call(`${lineage.url}/api/v1/lineage`, 'POST', writer, event);
      expect(response.status).toBe(201);
    }
    expect(await stats()).toMatchObject({ events: SAMPLE_FLOW.length, datasets: 11, jobs: 9 });
  });

  it('answers a retried event as a duplicate, storing and applying nothing', async () => {
    const again = await call<{ duplicate: boolean; edgesAdded: number }>(
      `${lineage.url}/api/v1/lineage`,
      'POST',
      writer,
      SAMPLE_FLOW[3],
    );
    expect(again).toMatchObject({ status: 201, body: { duplicate: true, edgesAdded: 0 } });
    expect((await stats()).events).toBe(SAMPLE_FLOW.length);
  });

  it('stores a burst of concurrent events once each, retries included, in one consistent order', async () => {
    const before = (await stats()).events as number;
    const burst = Array.from({ length: 100 }, (_, index) => ({
      ...SAMPLE_FLOW[2],
      eventTime: new Date(Date.UTC(2026, 11, 3, 0, 0, index)).toISOString(),
      run: { runId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` },
    }));
    const responses = await Promise.all(
      [...burst, ...burst.slice(0, 20)].map((event) =>
        call<{ duplicate: boolean }>(`${lineage.url}/api/v1/lineage`, 'POST', writer, event),
      ),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    expect(responses.filter((response) => response.body.duplicate)).toHaveLength(20);
    expect((await stats()).events).toBe(before + 100);
  });

  it('refuses an invalid event with 400 and every violation, and changes nothing', async () => {
    const before = await stats();
    const broken = {
      ...SAMPLE_FLOW[2],
      eventTime: 'yesterday',
      run: { runId: 'not-a-uuid' },
      job: { namespace: '', name: 'x' },
    };
    const refused = await call<{ code: number; error: string; violations: Array<{ code: string; path: string }> }>(
      `${lineage.url}/api/v1/lineage`,
      'POST',
      writer,
      broken,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid-event');
    expect(refused.body.violations.map((violation) => violation.path).sort()).toEqual(
      ['/eventTime', '/job/namespace', '/run/runId'].sort(),
    );
    for (const body of ['{"eventTime":', '[]', '"text"', '{}']) {
      expect([body, (await call(`${lineage.url}/api/v1/lineage`, 'POST', writer, body)).status]).toEqual([body, 400]);
    }
    expect(await stats()).toEqual(before);
  });
});

describe('queries', () => {
  it('answers Marquez’s lineage graph for a dataset', async () => {
    const nodeId = `dataset:${WAREHOUSE}:analytics.stg_orders`;
    const { status, body } = await call<{ graph: Array<{ id: string; type: string; inEdges: unknown[] }> }>(
      `${lineage.url}/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=2`,
      'GET',
      reader,
    );
    expect(status).toBe(200);
    const ids = body.graph.map((node) => node.id).sort();
    expect(ids).toEqual(
      [
        nodeId,
        `job:dbt://acme-prod:analytics.stg_orders`,
        `job:dbt://acme-prod:analytics.fct_revenue_daily`,
        `job:dbt://acme-prod:analytics.customer_ltv`,
        `dataset:${WAREHOUSE}:raw.orders`,
        `dataset:${WAREHOUSE}:raw.user_events`, // read by customer_ltv, two hops away
        `dataset:${WAREHOUSE}:analytics.fct_revenue_daily`,
        `dataset:${WAREHOUSE}:analytics.customer_ltv`,
      ].sort(),
    );
    expect(body.graph.find((node) => node.id === nodeId)!.type).toBe('DATASET');
  });

  it('answers column lineage upstream, and downstream when asked', async () => {
    const nodeId = `datasetField:${LOOKER}:dashboards.executive_revenue:revenue`;
    const url = (downstream: boolean) =>
      `${lineage.url}/api/v1/column-lineage?nodeId=${encodeURIComponent(nodeId)}&depth=10&withDownstream=${downstream}`;
    const upstream = await call<{ graph: Array<{ id: string; data: { inputFields: unknown[] } }> }>(
      url(false),
      'GET',
      reader,
    );
    expect(upstream.status).toBe(200);
    expect(upstream.body.graph).toHaveLength(10); // the field and its 9 ancestors
    const revenue = upstream.body.graph.find((node) => node.id === nodeId)!;
    expect(revenue.data.inputFields).toEqual([
      expect.objectContaining({
        dataset: 'analytics.fct_revenue_daily',
        field: 'revenue',
        transformationType: 'DIRECT',
      }),
    ]);
  });

  it('refuses bad queries with 400 and unknown nodes with 404', async () => {
    expect((await call(`${lineage.url}/api/v1/lineage`, 'GET', reader)).status).toBe(400);
    expect((await call(`${lineage.url}/api/v1/lineage?nodeId=dataset:x:y`, 'GET', reader)).status).toBe(404);
    const nodeId = encodeURIComponent(`dataset:${KAFKA}:orders`);
    expect((await call(`${lineage.url}/api/v1/lineage?nodeId=${nodeId}&depth=-1`, 'GET', reader)).status).toBe(400);
  });
});

describe('impact (POST /impact)', () => {
  it('judges a change by what it reaches: the executive dashboard makes it CRITICAL', async () => {
    const { status, body } = await call<{
      severity: string;
      verdict: string;
      reasons: string[];
      byTeam: Array<{ team: string | null; datasets: Array<{ name: string }> }>;
      byContract: Array<{ contract: { id: string } | null; datasets: Array<{ name: string }> }>;
      counts: { datasets: number };
    }>(`${lineage.url}/impact`, 'POST', reader, removeAmount);
    expect(status).toBe(200);
    expect([body.severity, body.verdict]).toEqual(['CRITICAL', 'block']);
    expect(body.reasons[0]).toContain('executive dashboard executive-revenue');
    expect(body.byTeam.map((group) => group.team)).toEqual(['analytics', 'growth', 'platform']);
    // Nothing downstream of orders is under a contract of its own in contracts/: one group, every dataset in it.
    expect(body.byContract.map((group) => [group.contract, group.datasets.length])).toEqual([
      [null, body.counts.datasets],
    ]);
  });

  it('takes a registry subject instead of a dataset: the contract binding it says which dataset', async () => {
    const { body } = await call<{ severity: string; subject: string; changes: unknown[] }>(
      `${lineage.url}/impact`,
      'POST',
      reader,
      { subject: 'orders-value', changes: [{ field: 'amount_cents', change: 'field-removed' }], changedBy: 'orders' },
    );
    expect(body).toMatchObject({ severity: 'CRITICAL', subject: 'orders-value' });
    expect(body.changes).toEqual([
      { namespace: KAFKA, name: 'orders', field: 'amount_cents', change: 'field-removed', known: true },
    ]);
  });

  it('refuses malformed requests with 400', async () => {
    for (const body of [
      {},
      { changes: [] },
      { changes: [{ field: 'x' }] },
      { subject: 3, changes: [] },
      [1],
      { ...removeAmount, depth: 0 },
    ]) {
      expect([JSON.stringify(body), (await call(`${lineage.url}/impact`, 'POST', reader, body)).status]).toEqual([
        JSON.stringify(body),
        400,
      ]);
    }
  });
});

describe('persistence', () => {
  it('rebuilds the same graph from the stored events on a restart', async () => {
    const database = await createTestDatabase({
      migrationsDir: path.resolve(__dirname, '..', '..', 'prisma', 'migrations'),
    });
    const first = await startTestLineage({ registryUrl: registry.url, database });
    try {
      for (const event of SAMPLE_FLOW) await call(`${first.url}/api/v1/lineage`, 'POST', writer, event);
      const before = await call<Record<string, unknown>>(`${first.url}/impact`, 'POST', reader, removeAmount);
      await first.close();
      const second = await startTestLineage({ registryUrl: registry.url, database });
      try {
        const after = await call<Record<string, unknown>>(`${second.url}/impact`, 'POST', reader, removeAmount);
        expect(after.body).toEqual(before.body);
        const { body } = await call<{ dangling: unknown[]; columns: number }>(`${second.url}/stats`, 'GET', reader);
        expect(body.dangling).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
