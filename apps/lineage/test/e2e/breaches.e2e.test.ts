import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIGNATURE_HEADER, verifyWebhook } from '@charter/notify';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import {
  createTestRedis,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
  type TestRedis,
  waitUntil,
} from '@charter/testkit';
import {
  CONTRACTS_DIR,
  call,
  issueKey,
  SAMPLE_FLOW,
  startTestLineage,
  type TestLineage,
} from '../support/test-lineage';

/**
 * Contract breaches from OpenLineage schema facets, over HTTP against PostgreSQL and Redis: the sample flow's
 * warehouse load (`load_raw.orders` → snowflake `raw.orders`) reports its output's columns, and a contract (written
 * beside the sample contracts for this file) governs that table. A breach is recorded once per run, listed, and
 * sent to the contract's owners through a signed webhook (the recording server stands in for it).
 */

const WAREHOUSE = { namespace: 'snowflake://acme.eu-west-1', name: 'raw.orders' };
const WAREHOUSE_CONTRACT = `
apiVersion: v3.1.0
kind: DataContract
id: warehouse-orders
version: 1.2.0
status: active
team:
  name: orders
schema:
  - name: orders
    physicalName: raw.orders
    physicalType: table
    logicalType: object
    properties:
      - { name: order_id, logicalType: string, physicalType: varchar }
      - { name: customer_id, logicalType: string }
      - { name: amount_cents, logicalType: integer, physicalType: bigint }
      - { name: currency, logicalType: string }
      - { name: status, logicalType: string }
      - { name: placed_at, logicalType: timestamp }
      - { name: coupon_code, logicalType: string }
customProperties:
  - property: severityTier
    value: tier-1
  - property: lineage
    value: { namespace: "snowflake://acme.eu-west-1", name: raw.orders }
  - property: consumers
    value:
      - { id: finance-revenue-dashboard, kind: dashboard, team: analytics, fields: [order_id, amount_cents] }
`;
const ROUTES = `
endpoints:
  orders-hook: { channel: webhook, url: "\${RECEIVER}/webhook/orders", secret: "\${HOOK_SECRET}" }
  platform-hook: { channel: webhook, url: "\${RECEIVER}/webhook/platform", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-hook]
fallback: [platform-hook]
`;
const HOOK_SECRET = 'breach-webhook-secret-0123456789abcdef';

type Event = Record<string, unknown> & {
  run: { runId: string };
  outputs: Array<{ namespace: string; name: string; facets: { schema: { fields: Array<Record<string, unknown>> } } }>;
};
/** The sample flow's warehouse load: COMPLETE, run …0003, output raw.orders with seven columns. */
const LOAD = SAMPLE_FLOW[2] as Event;

let n = 0;
/** The warehouse load as a new run (or `runId`'s), its output's schema fields changed by `fields`. */
function load(
  fields: (given: Array<Record<string, unknown>>) => unknown,
  options: { runId?: string; eventType?: string } = {},
): Event {
  const event = structuredClone(LOAD);
  n += 1;
  event.run.runId = options.runId ?? `b4ea0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  event.eventTime = new Date(Date.UTC(2026, 11, 6, 9, 0, n)).toISOString();
  if (options.eventType) event.eventType = options.eventType;
  const schema = event.outputs[0]!.facets.schema;
  (schema as { fields: unknown }).fields = fields(schema.fields);
  return event;
}
const without = (column: string) => (fields: Array<Record<string, unknown>>) =>
  fields.filter((field) => field.name !== column);
const retyped = (column: string, type: string) => (fields: Array<Record<string, unknown>>) =>
  fields.map((field) => (field.name === column ? { ...field, type } : field));

interface Breach {
  id: string;
  contract: { id: string; version: string; team: string; severityTier: string };
  dataset: { namespace: string; name: string };
  role: string;
  job: { namespace: string; name: string } | null;
  runId: string | null;
  eventType: string | null;
  eventTime: string;
  problems: Array<{ code: string; field: string; consumer?: string; expected?: string; actual?: string }>;
  firstSeenAt: string;
  lastSeenAt: string;
  seenCount: number;
}

let registry: TestRegistry;
let redis: TestRedis;
let receiver: RecordingServer;
let lineage: TestLineage;
let contractsDir: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  contractsDir = mkdtempSync(path.join(tmpdir(), 'charter-breach-contracts-'));
  cpSync(CONTRACTS_DIR, contractsDir, { recursive: true });
  mkdirSync(path.join(contractsDir, 'warehouse-orders'));
  writeFileSync(path.join(contractsDir, 'warehouse-orders', 'contract.odcs.yaml'), WAREHOUSE_CONTRACT);
  writeFileSync(path.join(contractsDir, 'notifications.yaml'), ROUTES);
  redis = await createTestRedis();
  receiver = await startRecordingServer();
  registry = await startTestRegistry();
  lineage = await startTestLineage({
    registryUrl: registry.url,
    env: {
      CHARTER_CONTRACTS_DIR: contractsDir,
      CHARTER_NOTIFY_ROUTES: path.join(contractsDir, 'notifications.yaml'),
      REDIS_URL: redis.url,
      CHARTER_LINEAGE_REDIS_PREFIX: redis.prefix,
      CHARTER_LINEAGE_PUBLIC_URL: 'https://lineage.acme.example',
      RECEIVER: receiver.origin,
      HOOK_SECRET,
    },
  });
  writer = await issueKey(registry, 'team:analytics');
  reader = await issueKey(registry, 'reader');
});
afterAll(async () => {
  await lineage?.close();
  await registry?.close();
  await receiver?.close();
  await redis?.cleanup();
  rmSync(contractsDir, { recursive: true, force: true });
});

/** Posts an event and waits until the breaches it showed are written (they are written after the answer). */
async function ingest(event: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await call(`${lineage.url}/api/v1/lineage`, 'POST', writer, event);
  await lineage.app.runtime.breaches.settled();
  return response;
}
const breaches = async (query = '') =>
  (await call<{ breaches: Breach[]; next: string | null }>(`${lineage.url}/api/v1/breaches${query}`, 'GET', reader))
    .body;
const breachesOfRun = async (runId: string) =>
  (await breaches('?limit=500')).breaches.filter((breach) => breach.runId === runId);
const delivered = (prefix: string, count: number) =>
  waitUntil(
    () => receiver.requests.filter((request) => request.url.startsWith(prefix)),
    (found) => found.length >= count,
    { timeoutMs: 15_000, what: `${count} delivery(ies) to ${prefix}` },
  );
const notice = (request: RecordedRequest) =>
  JSON.parse(request.body) as { type: string; notice: Record<string, unknown> & { problems: unknown[] } };

describe('the sample flow', () => {
  it('keeps the contracts governing its datasets (the Kafka topics, and here the warehouse table): no breach', async () => {
    for (const event of SAMPLE_FLOW) expect((await ingest(event)).status).toBe(201);
    expect((await breaches()).breaches).toEqual([]);
  });
});

describe('a batch job that silently dropped a contracted column', () => {
  let dropped: Event;

  it('is recorded as a breach of the contract, with the job, run and problems', async () => {
    dropped = load(without('amount_cents'));
    const response = await ingest(dropped);
    expect(response).toMatchObject({ status: 201, body: { accepted: true, duplicate: false } });
    const [breach, ...others] = await breachesOfRun(dropped.run.runId);
    expect(others).toEqual([]);
    expect(breach).toMatchObject({
      contract: { id: 'warehouse-orders', version: '1.2.0', team: 'orders', severityTier: 'tier-1' },
      dataset: WAREHOUSE,
      role: 'output',
      job: { namespace: 'airflow://acme-prod', name: 'load_raw.orders' },
      runId: dropped.run.runId,
      eventType: 'COMPLETE',
      eventTime: dropped.eventTime,
      seenCount: 1,
    });
    expect(breach!.problems).toEqual([
      expect.objectContaining({ code: 'field-missing', field: 'amount_cents', path: '/schema/0/properties/2' }),
      expect.objectContaining({ code: 'field-missing', field: 'amount_cents', consumer: 'finance-revenue-dashboard' }),
    ]);
  });

  it('is listed by contract, by dataset (its own route too) and by time, and not under other filters', async () => {
    const byContract = await breaches('?contract=warehouse-orders');
    expect(byContract.breaches.map((breach) => breach.runId)).toContain(dropped.run.runId);
    const namespace = encodeURIComponent(WAREHOUSE.namespace);
    const ofDataset = await call<{ breaches: Breach[] }>(
      `${lineage.url}/api/v1/namespaces/${namespace}/datasets/raw.orders/breaches`,
      'GET',
      reader,
    );
    expect(ofDataset.status).toBe(200);
    expect(ofDataset.body.breaches.map((breach) => breach.runId)).toContain(dropped.run.runId);
    const byQuery = await breaches(`?namespace=${namespace}&name=raw.orders`);
    expect(byQuery.breaches.map((breach) => breach.id)).toEqual(ofDataset.body.breaches.map((breach) => breach.id));
    expect((await breaches(`?namespace=${namespace}`)).breaches.length).toBeGreaterThan(0);
    expect((await breaches('?contract=orders')).breaches).toEqual([]);
    expect((await breaches(`?namespace=${namespace}&name=raw.customers`)).breaches).toEqual([]);
    expect((await breaches('?since=2999-01-01T00:00:00Z')).breaches).toEqual([]);
    expect((await breaches('?since=2000-01-01T00:00:00Z')).breaches.length).toBeGreaterThan(0);
  });

  it('is sent to the owners of the contract, signed, once', async () => {
    const [request] = await delivered('/webhook/orders', 1);
    const now = Math.floor(Date.now() / 1000);
    expect(
      verifyWebhook(HOOK_SECRET, request!.headers[SIGNATURE_HEADER] as string, request!.body, now, 300).valid,
    ).toBe(true);
    expect(notice(request!)).toMatchObject({
      type: 'contract.breach',
      notice: {
        contract: { id: 'warehouse-orders', team: 'orders', tier: 'tier-1' },
        dataset: WAREHOUSE,
        job: { namespace: 'airflow://acme-prod', name: 'load_raw.orders' },
        runId: dropped.run.runId,
        link: `https://lineage.acme.example/api/v1/namespaces/${encodeURIComponent(WAREHOUSE.namespace)}/datasets/raw.orders/breaches`,
      },
    });
    expect(notice(request!).notice.problems).toHaveLength(2);
    expect(receiver.requests.filter((other) => other.url.startsWith('/webhook/platform'))).toEqual([]);
  });

  it('is not recorded twice for the same run: the same event is a duplicate, a later one counts as seen again', async () => {
    const again = await ingest(dropped);
    expect(again).toMatchObject({ status: 201, body: { duplicate: true } });
    const running = load(without('amount_cents'), { runId: dropped.run.runId, eventType: 'RUNNING' });
    expect((await ingest(running)).status).toBe(201);
    const [breach, ...others] = await breachesOfRun(dropped.run.runId);
    expect(others).toEqual([]);
    expect(breach).toMatchObject({ seenCount: 2, eventTime: dropped.eventTime });
    expect(Date.parse(breach!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(breach!.firstSeenAt));
    // A breach seen again is not news: the owners heard once (a new delivery would have come with the write).
    expect(receiver.requests.filter((request) => request.url.startsWith('/webhook/orders'))).toHaveLength(1);
  });

  it('is a new breach when the next run drops it again', async () => {
    const next = load(without('amount_cents'));
    await ingest(next);
    expect(await breachesOfRun(next.run.runId)).toHaveLength(1);
    await delivered('/webhook/orders', 2);
  });
});

describe('what is not a breach, and what is', () => {
  it('records nothing for a facet that keeps the contract (names folded, types its own)', async () => {
    const conforming = load((fields) =>
      fields.map((field) => ({ ...field, name: String(field.name).toUpperCase() })).concat({ name: 'LOADED_AT' }),
    );
    expect((await ingest(conforming)).status).toBe(201);
    expect(await breachesOfRun(conforming.run.runId)).toEqual([]);
  });

  it('records a retyped column as field-type-mismatch', async () => {
    const event = load(retyped('amount_cents', 'VARCHAR(32)'));
    expect((await ingest(event)).status).toBe(201);
    const [breach] = await breachesOfRun(event.run.runId);
    expect(breach!.problems).toEqual([
      expect.objectContaining({
        code: 'field-type-mismatch',
        field: 'amount_cents',
        expected: 'integer',
        actual: 'VARCHAR(32)',
        path: '/schema/0/properties/2/logicalType',
      }),
    ]);
  });

  it('records nothing for datasets no contract governs, whatever their schema', async () => {
    const before = (await breaches('?limit=500')).breaches.length;
    const stg = structuredClone(SAMPLE_FLOW[5] as Event);
    stg.run.runId = 'b4ea0000-0000-4000-8000-00000000ffff';
    stg.outputs[0]!.facets.schema.fields = [{ name: 'nothing_like_the_contract' }];
    expect((await ingest(stg)).status).toBe(201);
    const staged = structuredClone(LOAD);
    staged.run.runId = 'b4ea0000-0000-4000-8000-00000000fffe';
    staged.outputs[0]!.name = 'raw.orders_backup';
    staged.outputs[0]!.facets.schema.fields = [];
    expect((await ingest(staged)).status).toBe(201);
    expect((await breaches('?limit=500')).breaches).toHaveLength(before);
  });

  it('records a dataset event’s schema too, without a job or run', async () => {
    const reported = LOAD.outputs[0]!.facets.schema;
    const event = {
      eventTime: '2026-12-06T10:00:00.000Z',
      producer: 'https://github.com/acme/charter-sample-flow',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent',
      dataset: { ...WAREHOUSE, facets: { schema: { ...reported, fields: without('currency')(reported.fields) } } },
    };
    expect((await ingest(event)).status).toBe(201);
    const found = (await breaches('?contract=warehouse-orders')).breaches.filter((breach) => breach.role === 'dataset');
    expect(found).toEqual([
      expect.objectContaining({
        job: null,
        runId: null,
        eventType: null,
        problems: [expect.objectContaining({ code: 'field-missing', field: 'currency' })],
      }),
    ]);
  });
});

describe('malformed schema facets: refused with a 400 naming the place, or accepted; never a 500', () => {
  // The bad inputs tried, each on the warehouse load's output schema facet.
  const schemaPath = '/outputs/0/facets/schema';
  it.each([
    ['fields not a list (an object)', () => ({ name: 'amount_cents' }), { path: `${schemaPath}/fields` }],
    ['fields a string', () => 'order_id,amount_cents', { path: `${schemaPath}/fields` }],
    [
      'a field without a name',
      (fields: unknown[]) => [...fields, { type: 'bigint' }],
      { path: `${schemaPath}/fields/7/name` },
    ],
    [
      'a field whose name is a number',
      (fields: unknown[]) => [{ name: 42 }, ...fields],
      { path: `${schemaPath}/fields/0/name` },
    ],
    [
      'a field that is not an object',
      (fields: unknown[]) => ['amount_cents', ...fields],
      { path: `${schemaPath}/fields/0` },
    ],
    ['a type that is not a string', retypedTo({ kind: 'bigint' }), { path: `${schemaPath}/fields/2/type` }],
    [
      'nested fields not a list',
      (fields: unknown[]) => [...fields, { name: 'address', fields: { city: 'string' } }],
      { path: `${schemaPath}/fields/7/fields` },
    ],
    ['fields nested deeper than an event may be', nestedFields(70), { code: 'too-deep' }],
  ])('%s: 400 invalid-event', async (_what, change, expected) => {
    const event = load(change as (fields: Array<Record<string, unknown>>) => unknown);
    const response = await call<{ error: string; violations: Array<{ path: string; code: string }> }>(
      `${lineage.url}/api/v1/lineage`,
      'POST',
      writer,
      event,
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid-event');
    expect(response.body.violations).toContainEqual(expect.objectContaining(expected));
    await lineage.app.runtime.breaches.settled();
    expect(await breachesOfRun(event.run.runId)).toEqual([]);
  });

  it('a schema facet that is not an object: 400 naming it', async () => {
    const event = load(() => []);
    (event.outputs[0]!.facets as Record<string, unknown>).schema = 'order_id bigint';
    const response = await call<{ violations: Array<{ path: string }> }>(
      `${lineage.url}/api/v1/lineage`,
      'POST',
      writer,
      event,
    );
    expect(response.status).toBe(400);
    expect(response.body.violations.map((violation) => violation.path)).toContain(schemaPath);
  });

  it('a huge field list within the size limit is checked (a dropped column still caught) without delaying ingest', async () => {
    const extra = Array.from({ length: 20_000 }, (_, index) => ({ name: `extra_column_${index}`, type: 'varchar' }));
    const event = load((fields) => [...without('amount_cents')(fields), ...extra]);
    const started = performance.now();
    const response = await call(`${lineage.url}/api/v1/lineage`, 'POST', writer, event);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(201);
    expect(elapsed).toBeLessThan(5_000);
    await lineage.app.runtime.breaches.settled();
    const [breach] = await breachesOfRun(event.run.runId);
    expect(breach!.problems.map((problem) => problem.field)).toEqual(['amount_cents', 'amount_cents']);
  });

  it('a field list over the event size limit: refused as too large (400 or 413), nothing recorded', async () => {
    const extra = Array.from({ length: 120_000 }, (_, index) => ({ name: `column_${index}`, type: 'varchar(255)' }));
    const event = load(() => extra);
    const response = await call(`${lineage.url}/api/v1/lineage`, 'POST', writer, event);
    expect([400, 413]).toContain(response.status);
    await lineage.app.runtime.breaches.settled();
    expect(await breachesOfRun(event.run.runId)).toEqual([]);
  });

  it('a deleted schema facet and an empty field list are accepted and say nothing', async () => {
    const deleted = load(() => []);
    deleted.outputs[0]!.facets.schema = { ...deleted.outputs[0]!.facets.schema, _deleted: true } as never;
    const empty = load(() => []);
    for (const event of [deleted, empty]) {
      const response = await ingest(event);
      expect(response.status).toBe(201);
      expect(await breachesOfRun(event.run.runId)).toEqual([]);
    }
  });
});

describe('the breach routes', () => {
  it('page newest first with `next`, and refuse bad queries with a 400', async () => {
    const first = await breaches('?limit=1');
    expect(first.breaches).toHaveLength(1);
    expect(first.next).toBe(first.breaches[0]!.id);
    const second = await breaches(`?limit=1&before=${first.next}`);
    expect(BigInt(second.breaches[0]!.id)).toBeLessThan(BigInt(first.breaches[0]!.id));
    for (const bad of [
      '?limit=0',
      '?limit=501',
      '?before=x',
      '?since=yesterday',
      '?name=raw.orders',
      '?contract=a&contract=b',
    ]) {
      const response = await call<{ error: string }>(`${lineage.url}/api/v1/breaches${bad}`, 'GET', reader);
      expect({ bad, status: response.status, error: response.body.error }).toEqual({
        bad,
        status: 400,
        error: 'invalid-request',
      });
    }
  });

  it('need a key', async () => {
    expect((await call(`${lineage.url}/api/v1/breaches`, 'GET', undefined)).status).toBe(401);
  });
});

function retypedTo(type: unknown) {
  return (fields: Array<Record<string, unknown>>) =>
    fields.map((field) => (field.name === 'amount_cents' ? { ...field, type } : field));
}

function nestedFields(depth: number) {
  return (fields: Array<Record<string, unknown>>) => {
    let nested: Record<string, unknown> = { name: 'leaf' };
    for (let level = 0; level < depth; level++) nested = { name: `level_${level}`, fields: [nested] };
    return [...fields, nested];
  };
}
