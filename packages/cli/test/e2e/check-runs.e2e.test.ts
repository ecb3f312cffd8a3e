// charter checkpoint --report and charter dbt check --report against the REAL registry (its database, its strict
// POST /checks, its notifications), not a recording server: the run the CLI prints is the run the registry keeps.
// Bad inputs tried: another team's key (the registry's 403, exit 2), a dbt check whose models span two teams'
// contracts with one team's key (the other contract's run refused, exit 2).

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheckResult, type CheckRunDocument, createCheckRun } from '@charter/checks';
import { type IssuedKey, issueKey, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { type RecordedRequest, type RecordingServer, startRecordingServer, waitUntil } from '@charter/testkit';
import { applyContractsDirectory, authorizationHeader } from '../../src';
import { postCheckRun } from '../../src/checkpoint/post-check-run';
import { runCharter } from '../run-charter';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CONTRACTS = join(ROOT, 'contracts');
const DBT_PROJECT = join(ROOT, 'packages', 'dbt', 'fixtures', 'acme-shop');
const HOOK_SECRET = 'cli-check-runs-webhook-secret-0123456789';
const ROUTES = `
endpoints:
  orders-hook: { channel: webhook, url: "\${RECEIVER}/webhook/orders", secret: "\${HOOK_SECRET}" }
  growth-hook: { channel: webhook, url: "\${RECEIVER}/webhook/growth", secret: "\${HOOK_SECRET}" }
  platform-hook: { channel: webhook, url: "\${RECEIVER}/webhook/platform", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-hook]
  growth: [growth-hook]
fallback: [platform-hook]
`;

let registry: TestRegistry;
let receiver: RecordingServer;
let work: string;
let orders: IssuedKey;
let growth: IssuedKey;
/** The newest order's time: --now is 2 s after it, within the 5 s latency SLA (sql rules use the real clock). */
const newest = Math.floor(Date.now() / 1_000) * 1_000 - 60_000;
const keyOf = (key: IssuedKey) => `${key.id}:${key.secret}`;
const admin = () => `${registry.adminKey.keyId}:${registry.adminKey.secret}`;

/** 30 fresh orders as CSV; `negative` of them with a negative amount (amount_cents.minimum and its sql rule). */
function ordersCsv(name: string, negative: number): string {
  const now = newest + 60_000;
  const lines = ['order_id,customer_id,amount_cents,currency,status,placed_at,coupon_code,shipping_address'];
  for (let i = 0; i < 30; i++) {
    const address =
      i % 2
        ? ''
        : `"${JSON.stringify({ line1: 'x', city: 'Lyon', postal_code: '69001', country: 'FR' }).replace(/"/g, '""')}"`;
    lines.push(
      [
        `order-${i}`,
        `customer-${i % 4}`,
        i < negative ? -500 - i : 1_000 + i,
        i % 2 ? 'EUR' : 'USD',
        ['PLACED', 'PAID', 'SHIPPED'][i % 3],
        new Date(now - 60_000 - i * 10_000).toISOString(),
        i % 3 ? '' : `C${i}`,
        address,
      ].join(','),
    );
  }
  const file = join(work, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const deliveries = (runId: string) =>
  receiver.requests.filter(
    (request: RecordedRequest) => (JSON.parse(request.body) as { notice?: { key?: string } }).notice?.key === runId,
  );

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'charter-check-runs-e2e-'));
  writeFileSync(join(work, 'notifications.yaml'), ROUTES);
  receiver = await startRecordingServer();
  registry = await startTestRegistry({
    env: {
      CHARTER_NOTIFY_ROUTES: join(work, 'notifications.yaml'),
      CHARTER_NOTIFY_MAX_ATTEMPTS: '2',
      RECEIVER: receiver.origin,
      HOOK_SECRET,
    },
  });
  const applied = await applyContractsDirectory({
    root: CONTRACTS,
    registryUrl: registry.url,
    headers: authorizationHeader({ key: admin() }),
  });
  expect(applied.ok).toBe(true);
  orders = (await issueKey(registry.http, 'team:orders')).key;
  growth = (await issueKey(registry.http, 'team:growth')).key;
});

afterAll(async () => {
  await registry?.close();
  await receiver?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const checkpoint = (source: string, key: string, ...more: string[]) =>
  runCharter([
    'checkpoint',
    '--contract',
    'orders',
    '--source',
    source,
    '--report',
    '-r',
    registry.url,
    '--key',
    key,
    '--now',
    new Date(newest + 2_000).toISOString(),
    ...more,
  ]);

describe('charter checkpoint --report on the real registry', () => {
  it('keeps a failing run exactly as printed, lists it, and notifies the owning team', async () => {
    const run = await checkpoint(ordersCsv('seeded.csv', 2), keyOf(orders), '--format', 'json');
    expect(run.stderr).not.toContain('report-failed');
    expect(run.code).toBe(1);
    const printed = JSON.parse(run.stdout) as CheckRunDocument;
    expect(printed.results.filter((result) => !result.success).map((result) => result.id)).toEqual([
      'amount_cents.minimum',
      'amount_cents.quality.amount_not_negative',
    ]);
    expect(run.stderr).toContain(`as check run ${printed.run_id}`);

    const listed = await registry.http.get<{ checks: Array<Record<string, unknown>> }>('/contracts/orders/checks');
    expect(listed.status).toBe(200);
    expect(listed.body.checks[0]).toMatchObject({
      id: printed.run_id,
      kind: 'checkpoint',
      success: false,
      contract: printed.contract,
      source: printed.source,
      statistics: printed.statistics,
      reported_by: { team: 'orders' },
    });
    const stored = await registry.http.get<CheckRunDocument>(`/checks/${printed.run_id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(printed);

    const [delivery] = await waitUntil(
      () => deliveries(printed.run_id),
      (found) => found.length >= 1,
      { timeoutMs: 15_000, what: `the check.failed notification of run ${printed.run_id}` },
    );
    expect(delivery!.url).toBe('/webhook/orders');
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: 'check.failed',
      notice: { key: printed.run_id, contract: { id: 'orders', team: 'orders' } },
    });
  });

  it('keeps a passing run without notifying anyone', async () => {
    const run = await checkpoint(ordersCsv('clean.csv', 0), keyOf(orders), '--format', 'json');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as CheckRunDocument;
    expect((await registry.http.get(`/checks/${printed.run_id}`)).body).toEqual(printed);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(deliveries(printed.run_id)).toEqual([]);
  });

  it("exits 2 with the registry's message for another team's key, and nothing is kept", async () => {
    const run = await checkpoint(ordersCsv('foreign.csv', 1), keyOf(growth), '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('report-failed: POST');
    expect(run.stderr).toContain("contract 'orders' belongs to team orders; team growth may not report on it");
    const printed = JSON.parse(run.stdout) as CheckRunDocument;
    expect((await registry.http.get(`/checks/${printed.run_id}`)).status).toBe(404);
  });
});

describe('postCheckRun fits a run to what the registry keeps', () => {
  // Mismatches found between the CLI's document and the registry's POST /checks: a run over 1 000 results was cut
  // without recomputing its statistics, and a NUL character in an example cannot be stored in jsonb: both 422.
  const runOf = (results: CheckResult[]) =>
    createCheckRun({
      kind: 'checkpoint',
      runId: randomUUID(),
      startedAt: new Date(),
      finishedAt: new Date(),
      contract: { id: 'orders', version: '3.0.0' },
      source: { type: 'csv', name: 'orders.csv' },
      results,
    });
  const check = (id: string, success: boolean, examples: unknown[] = []): CheckResult => ({
    id,
    success,
    severity: 'error',
    expectation_config: { expectation_type: 'expect_column_values_to_be_in_set', kwargs: { column: 'status' } },
    result: success ? {} : { unexpected_count: examples.length, partial_unexpected_list: examples },
  });
  const headers = () => authorizationHeader({ key: keyOf(orders) });

  it('keeps 1 200 results as the 1 000 with every failure, its statistics adding up', async () => {
    const doc = runOf(Array.from({ length: 1_200 }, (_, n) => check(`c${n}`, n < 1_195, ['LOST'])));
    const raw = await registry.http.as({ keyId: orders.id, secret: orders.secret }).post('/checks', doc);
    expect(raw.status).toBe(422);
    const posted = await postCheckRun({ registryUrl: registry.url, headers: headers(), run: doc });
    expect(posted).toMatchObject({ status: 201, id: doc.run_id, omitted: 200 });
    const stored = (await registry.http.get<CheckRunDocument>(`/checks/${doc.run_id}`)).body;
    expect(stored.results).toHaveLength(1_000);
    expect(stored.statistics).toEqual({
      evaluated_expectations: 1_000,
      successful_expectations: 995,
      unsuccessful_expectations: 5,
      success_percent: 99.5,
    });
    expect(stored.success).toBe(false);
  });

  it('keeps an example holding a NUL character (as U+FFFD)', async () => {
    const doc = runOf([check('status.valid', false, ['LO\u0000ST'])]);
    const raw = await registry.http.as({ keyId: orders.id, secret: orders.secret }).post('/checks', doc);
    expect(raw.status).toBe(422);
    const posted = await postCheckRun({ registryUrl: registry.url, headers: headers(), run: doc });
    expect(posted.status).toBe(201);
    const stored = (await registry.http.get<CheckRunDocument>(`/checks/${doc.run_id}`)).body;
    expect(stored.results[0]!.result.partial_unexpected_list).toEqual(['LO\uFFFDST']);
  });
});

describe('charter dbt check --report on the real registry', () => {
  const dbtCheck = (manifest: string, key: string, ...more: string[]) =>
    runCharter([
      'dbt',
      'check',
      '--manifest',
      manifest,
      '--contracts-dir',
      CONTRACTS,
      '--report',
      '-r',
      registry.url,
      '--key',
      key,
      '--format',
      'json',
      ...more,
    ]);

  it('keeps one run per contract, each adding up on its own, and the failing one notifies its team', async () => {
    const manifest = JSON.parse(readFileSync(join(DBT_PROJECT, 'manifest.json'), 'utf8'));
    manifest.nodes['model.acme_shop.user_events'].columns.event_type.data_type = 'integer';
    const file = join(work, 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
    const run = await dbtCheck(file, admin());
    expect(run.stderr).not.toContain('report-failed');
    expect(run.code).toBe(1);
    const printed = JSON.parse(run.stdout) as CheckRunDocument;
    const contracts = [...new Set(printed.results.map((result) => result.meta?.contract))].sort();
    expect(contracts).toEqual(['orders', 'user-events']);
    const kept = [...run.stderr.matchAll(/kept on \S+ as check run ([0-9a-f-]{36}) \(contract (\S+)\)/g)];
    expect(kept.map((match) => match[2]).sort()).toEqual(contracts);
    const runIds = new Set(kept.map((match) => match[1]));
    expect(runIds.size).toBe(2);
    expect(runIds.has(printed.run_id)).toBe(false);
    for (const [, runId, contract] of kept) {
      const stored = (await registry.http.get<CheckRunDocument>(`/checks/${runId}`)).body;
      const own = printed.results.filter((result) => result.meta?.contract === contract);
      expect(stored).toMatchObject({ kind: 'dbt-check', source: printed.source, contract: { id: contract } });
      expect(stored.results).toEqual(own);
      expect(stored.statistics.evaluated_expectations).toBe(own.length);
      expect(stored.success).toBe(own.every((result) => result.success || result.severity === 'warning'));
      const listed = await registry.http.get<{ checks: Array<{ id: string }> }>(`/contracts/${contract}/checks`);
      expect(listed.body.checks.map((check) => check.id)).toContain(runId);
    }
    const failing = kept.find(([, , contract]) => contract === 'user-events')![1]!;
    const [delivery] = await waitUntil(
      () => deliveries(failing),
      (found) => found.length >= 1,
      { timeoutMs: 15_000, what: `the check.failed notification of dbt run ${failing}` },
    );
    expect(delivery!.url).toBe('/webhook/growth');
  });

  it("exits 2 when one contract's run is refused, after keeping the others", async () => {
    const run = await dbtCheck(join(DBT_PROJECT, 'manifest.json'), keyOf(orders));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/kept on \S+ as check run [0-9a-f-]{36} \(contract orders\)/);
    expect(run.stderr).toContain("contract 'user-events' belongs to team growth; team orders may not report on it");
  });
});
