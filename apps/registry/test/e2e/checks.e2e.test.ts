import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIGNATURE_HEADER, verifyWebhook } from '@charter/notify';
import { type RecordedRequest, type RecordingServer, startRecordingServer, waitUntil } from '@charter/testkit';
import fc from 'fast-check';
import { Client } from 'pg';
import { issueKey, type RegistryHttp, startTestRegistry, TEST_OWNERSHIP, type TestRegistry } from '../../src/testing';

/**
 * Check runs and drift events over HTTP against PostgreSQL and Redis: kept per contract, idempotent by id, refused
 * with a specific code when they are bad (nothing stored), and a failing run or a drift event reaches the owning
 * team's endpoint — a signed webhook the recording server stands in for — once.
 *
 * Bad inputs tried: malformed JSON, a non-object body, wrong types, a missing field, an unknown field, an empty
 * string, a bad UUID, a bad time, finished before started, credentials in the source name, 1001 results, 21
 * examples, a body over the route's byte limit, success or statistics that contradict the results, a checkpoint
 * without a contract, a dbt check naming two contracts, an unknown contract, another team's key, a reader's key, no
 * key, a YAML content type, the same run_id with another body; for lists: a bad limit, a forged cursor, an unknown
 * contract; for drift: an unknown test, a NaN-like string statistic, a window ending before it starts.
 */

const CONTRACT = readFileSync(path.resolve(__dirname, '../../../../contracts/orders/contract.odcs.yaml'), 'utf8');
const HOOK_SECRET = 'checks-webhook-secret-0123456789abcdef';
const ROUTES = `
endpoints:
  orders-hook: { channel: webhook, url: "\${RECEIVER}/webhook/orders", secret: "\${HOOK_SECRET}" }
  platform-hook: { channel: webhook, url: "\${RECEIVER}/webhook/platform", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-hook]
fallback: [platform-hook]
`;
/** Small enough that an oversize body is cheap to send; large enough for 1001 short results. */
const CHECK_RUN_BYTES = 256 * 1024;

let registry: TestRegistry;
let receiver: RecordingServer;
let routesDir: string;
let sql: Client;
let orders: RegistryHttp;
let growth: RegistryHttp;
let reader: RegistryHttp;
let contractVersion: string;

beforeAll(async () => {
  routesDir = mkdtempSync(path.join(tmpdir(), 'charter-check-routes-'));
  writeFileSync(path.join(routesDir, 'notifications.yaml'), ROUTES);
  receiver = await startRecordingServer();
  registry = await startTestRegistry({
    env: {
      CHARTER_NOTIFY_ROUTES: path.join(routesDir, 'notifications.yaml'),
      CHARTER_NOTIFY_MAX_ATTEMPTS: '2',
      CHARTER_PUBLIC_URL: 'https://registry.acme.example',
      CHARTER_MAX_CHECK_RUN_BYTES: String(CHECK_RUN_BYTES),
      RECEIVER: receiver.origin,
      HOOK_SECRET,
    },
  });
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  const published = await registry.http.put<{ version: string }>('/contracts/orders', CONTRACT, {
    'content-type': 'application/yaml',
  });
  expect(published.status).toBe(201);
  contractVersion = published.body.version;
  orders = (await issueKey(registry.http, 'team:orders')).http;
  growth = (await issueKey(registry.http, 'team:growth')).http;
  reader = (await issueKey(registry.http, 'reader')).http;
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await registry?.close();
  await receiver?.close();
  rmSync(routesDir, { recursive: true, force: true });
});

type Result = Record<string, unknown> & { success: boolean; severity: 'error' | 'warning' };

function result(id: string, success: boolean, extra: Record<string, unknown> = {}): Result {
  return {
    id,
    success,
    severity: 'error',
    expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'order_id' } },
    result: success
      ? { element_count: 1050, unexpected_count: 0, unexpected_percent: 0 }
      : {
          observed_value: 12,
          element_count: 1050,
          unexpected_count: 12,
          unexpected_percent: 1.14,
          partial_unexpected_list: [null, null],
        },
    ...(success ? {} : { message: `orders.${id}: 12 nulls (1.14%)` }),
    ...extra,
  };
}

/** A run whose success and statistics follow from its results (as `createCheckRun` writes them). */
function run(results: Result[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const successful = results.filter((item) => item.success).length;
  return {
    success: results.every((item) => item.success || item.severity === 'warning'),
    kind: 'checkpoint',
    run_id: randomUUID(),
    started_at: '2026-12-06T02:00:00.000Z',
    finished_at: '2026-12-06T02:00:04.250Z',
    contract: { id: 'orders', version: contractVersion },
    source: { type: 'postgres', name: 'staging.orders' },
    statistics: {
      evaluated_expectations: results.length,
      successful_expectations: successful,
      unsuccessful_expectations: results.length - successful,
      success_percent: results.length === 0 ? 100 : Math.round((successful / results.length) * 10_000) / 100,
    },
    results,
    ...overrides,
  };
}

const passing = () => run([result('order_id.not_null', true), result('customer_id.not_null', true)]);
const failing = () =>
  run([result('order_id.not_null', true), result('customer_id.not_null', false), result('amount.range', false)]);

async function rows(table: 'check_runs' | 'drift_events'): Promise<number> {
  return Number((await sql.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

const deliveriesTo = (prefix: string) => receiver.requests.filter((request) => request.url.startsWith(prefix));
const noticeOf = (request: RecordedRequest) =>
  JSON.parse(request.body) as { type: string; notice: Record<string, unknown> & { key: string } };
const deliveriesOf = (key: string) => receiver.requests.filter((request) => noticeOf(request).notice.key === key);
const delivered = (key: string) =>
  waitUntil(
    () => deliveriesOf(key),
    (found) => found.length >= 1,
    { timeoutMs: 15_000, what: `a notification about ${key}` },
  );

describe('POST /checks', () => {
  it('keeps a passing run (201 with its summary) and serves the document whole', async () => {
    const body = passing();
    const response = await orders.post<Record<string, unknown>>('/checks', body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: body.run_id,
      run_id: body.run_id,
      kind: 'checkpoint',
      success: true,
      contract: { id: 'orders', version: contractVersion },
      source: { type: 'postgres', name: 'staging.orders' },
      started_at: '2026-12-06T02:00:00.000Z',
      finished_at: '2026-12-06T02:00:04.250Z',
      statistics: body.statistics,
      reported_by: { team: 'orders' },
    });
    expect(response.body).not.toHaveProperty('results');
    const stored = await reader.get(`/checks/${body.run_id}`);
    expect(stored).toMatchObject({ status: 200, body });
  });

  it('notifies the owning team once per failing run, never for a passing one, and a repost stores nothing', async () => {
    const pass = passing();
    expect((await orders.post('/checks', pass)).status).toBe(201);
    const body = failing();
    const before = await rows('check_runs');
    expect((await orders.post('/checks', body)).status).toBe(201);
    const [delivery] = await delivered(body.run_id as string);
    expect(delivery!.url).toBe('/webhook/orders');
    const signature = delivery!.headers[SIGNATURE_HEADER] as string;
    expect(verifyWebhook(HOOK_SECRET, signature, delivery!.body, Math.floor(Date.now() / 1000), 300).valid).toBe(true);
    expect(noticeOf(delivery!)).toMatchObject({
      type: 'check.failed',
      notice: {
        key: body.run_id,
        contract: { id: 'orders', version: contractVersion, team: 'orders' },
        source: { type: 'postgres', name: 'staging.orders' },
        statistics: { evaluated: 3, failed: 2, successPercent: 33.33 },
        failures: [
          expect.objectContaining({ id: 'customer_id.not_null', observed: '12', unexpectedCount: 12 }),
          expect.objectContaining({ id: 'amount.range' }),
        ],
        link: `https://registry.acme.example/checks/${body.run_id}`,
      },
    });
    const again = await orders.post<Record<string, unknown>>('/checks', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: body.run_id, success: false });
    expect(await rows('check_runs')).toBe(before + 1);
    // Time for a second delivery to show up if one had been queued.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(deliveriesOf(body.run_id as string)).toHaveLength(1);
    expect(deliveriesOf(pass.run_id as string)).toEqual([]);
    expect(deliveriesTo('/webhook/platform')).toEqual([]);
  });

  it('lets an admin post, and a failing warning leave the run passing (no notification)', async () => {
    const body = run([result('order_id.not_null', true), { ...result('currency.valid', false), severity: 'warning' }]);
    expect(body.success).toBe(true);
    const response = await registry.http.post<Record<string, unknown>>('/checks', body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ success: true, reported_by: { key: registry.adminKey.keyId, team: null } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(deliveriesOf(body.run_id as string)).toEqual([]);
  });

  it('takes a dbt check without `contract` when all its results name one, at the contract’s current version', async () => {
    const meta = { meta: { contract: 'orders', model: 'fct_orders' } };
    const body = run([result('model.fct_orders.order_id.type', true, meta)], {
      kind: 'dbt-check',
      source: { type: 'dbt-manifest', name: 'target/manifest.json' },
    });
    delete body.contract;
    const response = await orders.post('/checks', body);
    expect(response).toMatchObject({ status: 201, body: { contract: { id: 'orders', version: contractVersion } } });
  });

  it('is idempotent under any sequence of posts of one run: sequential, concurrent, keys reordered (property)', async () => {
    const reordered = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).reverse()) as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.record({ concurrent: fc.integer({ min: 1, max: 3 }), reorder: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (fails, steps) => {
          const body = fails ? failing() : passing();
          const statuses: number[] = [];
          for (const { concurrent, reorder } of steps) {
            const sent = reorder ? reordered(body) : body;
            const answers = await Promise.all(
              Array.from({ length: concurrent }, () => orders.post<{ id: string }>('/checks', sent)),
            );
            for (const answer of answers) {
              expect(answer.body.id).toBe(body.run_id);
              statuses.push(answer.status);
            }
          }
          expect(statuses.filter((status) => status === 201)).toHaveLength(1);
          expect(statuses.filter((status) => status !== 201).every((status) => status === 200)).toBe(true);
          const stored = await sql.query('SELECT count(*) AS n FROM check_runs WHERE id = $1', [body.run_id]);
          expect(Number(stored.rows[0].n)).toBe(1);
        },
      ),
      { seed: 1515, numRuns: 12 },
    );
  });

  it('never fails a post when the owners’ endpoint refuses the notification', async () => {
    const refusing = await startRecordingServer(() => 500);
    const dir = mkdtempSync(path.join(tmpdir(), 'charter-check-routes-'));
    writeFileSync(path.join(dir, 'notifications.yaml'), ROUTES);
    const other = await startTestRegistry({
      env: {
        CHARTER_NOTIFY_ROUTES: path.join(dir, 'notifications.yaml'),
        CHARTER_NOTIFY_MAX_ATTEMPTS: '1',
        RECEIVER: refusing.origin,
        HOOK_SECRET,
      },
    });
    try {
      expect((await other.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
      expect((await other.http.put('/contracts/orders', CONTRACT, { 'content-type': 'application/yaml' })).status).toBe(
        201,
      );
      const body = failing();
      expect((await other.http.post('/checks', body)).status).toBe(201);
      await waitUntil(
        () => refusing.requests.length,
        (count) => count >= 1,
        { timeoutMs: 15_000, what: 'the refused delivery attempt' },
      );
      expect((await other.http.get(`/checks/${body.run_id}`)).status).toBe(200);
    } finally {
      await other.close();
      await refusing.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad check runs', () => {
  const big = () =>
    run(
      Array.from({ length: 1_001 }, (_, index) => ({
        ...result(`c${index}`, true),
        expectation_config: { expectation_type: 'e', kwargs: {} },
        result: {},
      })),
    );
  const cases: Array<
    [what: string, send: () => Promise<{ status: number; body: unknown }>, status: number, code: number]
  > = [
    ['malformed JSON', () => orders.post('/checks', '{"success": tru'), 400, 400],
    ['an array body', () => orders.post('/checks', [passing()]), 422, 42240],
    ['success as text', () => orders.post('/checks', { ...passing(), success: 'yes' }), 422, 42240],
    ['results as an object', () => orders.post('/checks', { ...passing(), results: {} }), 422, 42240],
    [
      'a result of unknown severity',
      () => orders.post('/checks', run([{ ...result('a', true), severity: 'fatal' as 'error' }])),
      422,
      42240,
    ],
    [
      'a missing run_id',
      () => {
        const body = passing();
        delete body.run_id;
        return orders.post('/checks', body);
      },
      422,
      42240,
    ],
    ['a missing source', () => orders.post('/checks', { ...passing(), source: undefined }), 422, 42240],
    ['an unknown field', () => orders.post('/checks', { ...passing(), verdict: 'ok' }), 422, 42240],
    [
      'an empty source name',
      () => orders.post('/checks', { ...passing(), source: { type: 'csv', name: '' } }),
      422,
      42240,
    ],
    ['a run_id that is no UUID', () => orders.post('/checks', { ...passing(), run_id: 'run-1' }), 422, 42240],
    ['a bad time', () => orders.post('/checks', { ...passing(), started_at: 'yesterday' }), 422, 42240],
    [
      'finished before started',
      () => orders.post('/checks', { ...passing(), finished_at: '2026-12-06T01:00:00Z' }),
      422,
      42240,
    ],
    [
      'credentials in the source name',
      () => orders.post('/checks', { ...passing(), source: { type: 'postgres', name: 'postgres://app:s3cret@db/x' } }),
      422,
      42240,
    ],
    ['1001 results', () => orders.post('/checks', big()), 422, 42241],
    [
      '21 examples in one result',
      () =>
        orders.post(
          '/checks',
          run([
            {
              ...result('a', false),
              result: { unexpected_count: 21, partial_unexpected_list: Array.from({ length: 21 }, (_, i) => i) },
            },
          ]),
        ),
      422,
      42241,
    ],
    [
      'a body over the byte limit',
      () => orders.post('/checks', run([{ ...result('a', true), message: 'x'.repeat(CHECK_RUN_BYTES) }])),
      413,
      41301,
    ],
    [
      'success claimed while an error failed',
      () => orders.post('/checks', { ...failing(), success: true }),
      422,
      42242,
    ],
    [
      'statistics that do not add up',
      () => {
        const body = passing();
        return orders.post('/checks', {
          ...body,
          statistics: { ...(body.statistics as object), evaluated_expectations: 5 },
        });
      },
      422,
      42242,
    ],
    [
      'a checkpoint without a contract',
      () => {
        const body = passing();
        delete body.contract;
        return orders.post('/checks', body);
      },
      422,
      42240,
    ],
    [
      'a dbt check naming two contracts',
      () => {
        const body = run(
          [result('a', true, { meta: { contract: 'orders' } }), result('b', true, { meta: { contract: 'users' } })],
          {
            kind: 'dbt-check',
          },
        );
        delete body.contract;
        return orders.post('/checks', body);
      },
      422,
      42240,
    ],
    [
      'an unknown contract',
      () => orders.post('/checks', { ...passing(), contract: { id: 'no-such-contract', version: '1.0.0' } }),
      404,
      40420,
    ],
    ['another team’s key', () => growth.post('/checks', passing()), 403, 40301],
    ['a reader’s key', () => reader.post('/checks', passing()), 403, 40301],
    ['no key', () => orders.as(undefined).post('/checks', passing()), 401, 40101],
    ['a YAML body', () => orders.post('/checks', 'success: true', { 'content-type': 'application/yaml' }), 415, 415],
  ];

  it.each(cases.map(([what, send, status, code]) => ({ what, send, status, code })))(
    'refuses $what with $status ($code) and stores nothing',
    async ({ send, status, code }) => {
      const before = await rows('check_runs');
      const response = await send();
      expect(response).toMatchObject({ status, body: { error_code: code, message: expect.any(String) } });
      expect(await rows('check_runs')).toBe(before);
    },
  );

  it('refuses the same run_id with another body with 409 (40940), keeping the first', async () => {
    const body = failing();
    expect((await orders.post('/checks', body)).status).toBe(201);
    const other = { ...body, source: { type: 'postgres', name: 'prod.orders' } };
    expect(await orders.post('/checks', other)).toMatchObject({ status: 409, body: { error_code: 40940 } });
    expect((await reader.get(`/checks/${body.run_id}`)).body).toMatchObject({ source: body.source });
  });

  it('audits a refusal of another team as denied', async () => {
    const body = passing();
    expect((await growth.post('/checks', body)).status).toBe(403);
    const denied = await sql.query(
      "SELECT action, target, outcome FROM audit_log WHERE action = 'check.record' AND outcome = 'denied' AND after->>'id' = $1",
      [body.run_id],
    );
    expect(denied.rows).toEqual([{ action: 'check.record', target: 'orders', outcome: 'denied' }]);
  });
});

describe('GET /contracts/{id}/checks and /checks/{runId}', () => {
  it('pages a contract’s runs newest first, as summaries, with a cursor until there are no more', async () => {
    const posted: string[] = [];
    for (let index = 0; index < 5; index++) {
      const body = passing();
      expect((await orders.post('/checks', body)).status).toBe(201);
      posted.push(body.run_id as string);
    }
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next === null ? '?limit=2' : `?limit=2&before=${next}`;
      const page = await reader.get<{ checks: Array<{ id: string; results?: unknown }>; next: string | null }>(
        `/contracts/orders/checks${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.checks.every((check) => check.results === undefined)).toBe(true);
      seen.push(...page.body.checks.map((check) => check.id));
      next = page.body.next;
      pages += 1;
    } while (next !== null && pages < 100);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...posted].reverse());
    expect(seen).toHaveLength(await rowsOf('orders'));
  });

  it.each([
    ['?limit=0', 422, 42244],
    ['?limit=201', 422, 42244],
    ['?limit=ten', 422, 42244],
    ['?before=bm90LWEtY3Vyc29y', 422, 42244],
  ])('refuses %s with %i (%i)', async (query, status, code) => {
    expect(await reader.get(`/contracts/orders/checks${query}`)).toMatchObject({ status, body: { error_code: code } });
  });

  it('answers 404 for an unknown contract or run, and 401 without a key', async () => {
    expect(await reader.get('/contracts/nope/checks')).toMatchObject({ status: 404, body: { error_code: 40420 } });
    expect(await reader.get(`/checks/${randomUUID()}`)).toMatchObject({ status: 404, body: { error_code: 40440 } });
    expect(await reader.get('/checks/not-a-uuid')).toMatchObject({ status: 404, body: { error_code: 40440 } });
    expect(await reader.as(undefined).get('/contracts/orders/checks')).toMatchObject({ status: 401 });
  });
});

async function rowsOf(contract: string): Promise<number> {
  return Number((await sql.query('SELECT count(*) AS n FROM check_runs WHERE contract_id = $1', [contract])).rows[0].n);
}

describe('drift events', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    event_id: randomUUID(),
    contract: 'orders',
    contract_version: contractVersion,
    source: 'kafka:orders',
    field: 'amount_cents',
    test: 'ks',
    statistic: 0.41,
    threshold: 0.2,
    window: { start: '2026-12-06T09:00:00.000Z', end: '2026-12-06T09:05:00.000Z', count: 10_000 },
    baseline: { windows: 5, count: 50_000 },
    detected_at: '2026-12-06T09:05:01.000Z',
    ...overrides,
  });

  it('keeps an event (201), notifies the owners once, and takes a repost as a no-op (200)', async () => {
    const body = event();
    const response = await orders.post<Record<string, unknown>>('/drift-events', body);
    expect(response).toMatchObject({ status: 201, body: { ...body, reported_by: { team: 'orders' } } });
    const [delivery] = await delivered(body.event_id);
    expect(delivery!.url).toBe('/webhook/orders');
    expect(noticeOf(delivery!)).toMatchObject({
      type: 'drift.detected',
      notice: { field: 'amount_cents', test: 'ks', statistic: 0.41, threshold: 0.2, window: body.window },
    });
    expect((await orders.post('/drift-events', body)).status).toBe(200);
    expect(await orders.post('/drift-events', { ...body, statistic: 0.5 })).toMatchObject({
      status: 409,
      body: { error_code: 40941 },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(deliveriesOf(body.event_id)).toHaveLength(1);
    const listed = await reader.get<{ events: Array<{ event_id: string }>; next: string | null }>(
      '/contracts/orders/drift-events?limit=1',
    );
    expect(listed.body.events.map((item) => item.event_id)).toEqual([body.event_id]);
    expect(listed.body.next).not.toBeNull();
  });

  it.each(
    (
      [
        ['an unknown test', { test: 'chi2' }, 422, 42243],
        ['a statistic as text', { statistic: '0.4' }, 422, 42243],
        [
          'a window ending before it starts',
          { window: { start: '2026-12-06T09:05:00Z', end: '2026-12-06T09:00:00Z', count: 1 } },
          422,
          42243,
        ],
        ['a missing field', { field: undefined }, 422, 42243],
        ['an unknown contract', { contract: 'nope' }, 404, 40420],
        ['a body over 64 KiB', { source: 'x'.repeat(70_000) }, 413, 41302],
      ] as Array<[string, Record<string, unknown>, number, number]>
    ).map(([what, change, status, code]) => ({ what, change, status, code })),
  )('refuses $what with $status ($code) and stores nothing', async ({ change, status, code }) => {
    const before = await rows('drift_events');
    expect(await orders.post('/drift-events', event(change))).toMatchObject({ status, body: { error_code: code } });
    expect(await rows('drift_events')).toBe(before);
  });

  it('refuses another team’s key (403) and no key (401)', async () => {
    expect(await growth.post('/drift-events', event())).toMatchObject({ status: 403, body: { error_code: 40301 } });
    expect(await growth.as(undefined).post('/drift-events', event())).toMatchObject({ status: 401 });
  });
});
