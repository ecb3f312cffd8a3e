import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyContractsDirectory, authorizationHeader } from '@charter/cli';
import { SIGNATURE_HEADER, verifyWebhook } from '@charter/notify';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import {
  createTestRedis,
  findFreePort,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
  type TestRedis,
  waitUntil,
} from '@charter/testkit';
import { CONTRACTS_DIR, call, startTestLineage, type TestLineage } from '../support/test-lineage';

const SAMPLE_FLOW: unknown[] = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);
const ORDERS_V3 = JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'orders/schemas/orders-value/v3.avsc'), 'utf8'));

/** v3 with one field's type replaced: long → double is a legal widening (BACKWARD_TRANSITIVE) that breaks old readers. */
function ordersWithType(field: string, type: unknown): string {
  return JSON.stringify({
    ...ORDERS_V3,
    fields: ORDERS_V3.fields.map((entry: { name: string }) => (entry.name === field ? { ...entry, type } : entry)),
  });
}

/** Where the owners of affected assets hear (every URL is the local recording server standing in for the service). */
const ROUTES = `
endpoints:
  orders-slack: { channel: slack, url: "\${RECEIVER}/slack/orders" }
  orders-pagerduty: { channel: pagerduty, url: "\${RECEIVER}/pagerduty", routingKey: "\${ORDERS_PD_KEY}" }
  analytics-slack: { channel: slack, url: "\${RECEIVER}/slack/analytics" }
  analytics-issue:
    channel: github
    url: "\${RECEIVER}/github/repos/acme/data-contracts/issues/7/comments"
    token: "\${GITHUB_TOKEN}"
  platform-webhook: { channel: webhook, url: "\${RECEIVER}/webhook", secret: "\${HOOK_SECRET}" }
teams:
  orders: [orders-slack, orders-pagerduty]
  analytics: [analytics-slack, analytics-issue]
fallback: [platform-webhook]
`;
const SECRETS = {
  ORDERS_PD_KEY: 'pd-routing-key-orders-0001',
  GITHUB_TOKEN: 'ghp_charter_e2e',
  HOOK_SECRET: 'platform-webhook-secret-0123456789abcdef',
};

let registry: TestRegistry;
let redis: TestRedis;
let receiver: RecordingServer;
let lineage: TestLineage | undefined;
let lineagePort: number;
const keys: Record<string, string> = {};

async function issue(role: string): Promise<string> {
  const { body } = await call<{ id: string; secret: string }>(`${registry.url}/keys`, 'POST', registry.admin, {
    name: role,
    role,
  });
  return `Basic ${Buffer.from(`${body.id}:${body.secret}`).toString('base64')}`;
}

const register = (as: string, schema: string) =>
  fetch(`${registry.url}/subjects/orders-value/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', authorization: as },
    body: JSON.stringify({ schema }),
  }).then(async (response) => ({
    status: response.status,
    impact: response.headers.get('x-charter-impact'),
    body: (await response.json()) as { error_code?: number; message?: string; version?: number },
  }));

beforeAll(async () => {
  // The registry must know where lineage will listen before either starts.
  lineagePort = await findFreePort();
  redis = await createTestRedis();
  receiver = await startRecordingServer();
  const routesFile = path.join(mkdtempSync(path.join(tmpdir(), 'charter-routes-')), 'notifications.yaml');
  writeFileSync(routesFile, ROUTES);
  registry = await startTestRegistry({
    redis,
    env: {
      CHARTER_LINEAGE_URL: `http://127.0.0.1:${lineagePort}`,
      CHARTER_NOTIFY_ROUTES: routesFile,
      CHARTER_PUBLIC_URL: 'https://charter.acme.example',
      RECEIVER: receiver.origin,
      ...SECRETS,
    },
  });
  lineage = await startTestLineage({ registryUrl: registry.url, port: lineagePort });
  const applied = await applyContractsDirectory({
    root: CONTRACTS_DIR,
    registryUrl: registry.url,
    headers: authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` }),
  });
  expect(applied.ok).toBe(true);
  keys.orders = await issue('team:orders');
  keys.analytics = await issue('team:analytics');
  keys.ci = await issue('ci');
  for (const event of SAMPLE_FLOW) {
    expect((await call(`${lineage.url}/api/v1/lineage`, 'POST', keys.analytics, event)).status).toBe(201);
  }
});
afterAll(async () => {
  await lineage?.close();
  await registry?.close();
  await receiver?.close();
  await redis?.cleanup();
});

/** The requests the receiver got on `path` (a prefix), once there are at least `count`. */
function delivered(path: string, count = 1): Promise<RecordedRequest[]> {
  return waitUntil(
    () => receiver.requests.filter((request) => request.url.startsWith(path)),
    (found) => found.length >= count,
    { timeoutMs: 15_000, what: `${count} request(s) to ${path}` },
  );
}
const json = (request: RecordedRequest) => JSON.parse(request.body);

describe('auto-block: the registry asks lineage about every breaking change', () => {
  const widened = ordersWithType('amount_cents', 'double');
  let fingerprint: string;

  it('lets a change with no breaking part through without asking', async () => {
    const added = JSON.stringify({
      ...ORDERS_V3,
      fields: [...ORDERS_V3.fields, { name: 'channel', type: ['null', 'string'], default: null }],
    });
    const response = await register(keys.orders!, added);
    expect(response).toMatchObject({ status: 200, impact: null, body: { version: 4 } });
  });

  it('refuses a compatible but breaking change that reaches the executive dashboard (409, 40930), and says why', async () => {
    const refused = await register(keys.orders!, widened);
    expect(refused.status).toBe(409);
    expect(refused.body.error_code).toBe(40930);
    expect(refused.body.message).toContain('CRITICAL (block)');
    expect(refused.body.message).toContain('executive dashboard executive-revenue');
    fingerprint = /fingerprint ([0-9a-f]{64})/.exec(refused.body.message!)![1]!;
    const tested = await call<{ is_compatible: boolean; messages: string[] }>(
      `${registry.url}/compatibility/subjects/orders-value/versions?verbose=true`,
      'POST',
      keys.ci,
      { schema: widened },
    );
    expect(tested.body.is_compatible).toBe(false);
    expect(tested.body.messages.at(-1)).toContain('impact CRITICAL (block)');
    const audit = await call<{ entries: Array<{ outcome: string; after: { code: string; impact: string } }> }>(
      `${registry.url}/audit?target=orders-value&outcome=denied`,
      'GET',
      registry.admin,
    );
    expect(audit.body.entries[0]!.after).toMatchObject({
      code: 'lineage-blocked',
      impact: expect.stringContaining('CRITICAL'),
    });
  });

  it('tells the owners of what it would break, once per endpoint, however often it is refused', async () => {
    const [pager] = await delivered('/pagerduty');
    expect(json(pager!)).toMatchObject({
      routing_key: SECRETS.ORDERS_PD_KEY,
      event_action: 'trigger',
      dedup_key: `orders-value:${fingerprint}`,
      payload: { severity: 'critical', component: 'orders-value', source: 'charter' },
      links: [{ href: 'https://charter.acme.example/approvals?subject=orders-value' }],
    });
    expect(json(pager!).payload.summary).toContain('executive dashboard executive-revenue');

    const [slack] = await delivered('/slack/analytics');
    const message = json(slack!) as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(message.text).toBe('CRITICAL impact: orders-value');
    expect(message.blocks.map((block) => block.text?.text ?? '').join('\n')).toContain('dashboards.executive_revenue');
    await delivered('/slack/orders');

    const [comment] = await delivered('/github/repos/acme/data-contracts/issues/7/comments');
    expect(comment!.headers.authorization).toBe(`Bearer ${SECRETS.GITHUB_TOKEN}`);
    expect(json(comment!).body).toContain('### CRITICAL impact on `orders\\-value`');

    // The platform's staging and raw tables: no route for platform, so the fallback hears, signed.
    const [hook] = await delivered('/webhook');
    const now = Math.floor(Date.now() / 1000);
    expect(
      verifyWebhook(SECRETS.HOOK_SECRET, hook!.headers[SIGNATURE_HEADER] as string, hook!.body, now, 300).valid,
    ).toBe(true);
    expect(json(hook!)).toMatchObject({ type: 'impact.triggered', notice: { subject: 'orders-value', fingerprint } });
    expect(json(hook!).notice.datasets).toContainEqual(expect.objectContaining({ team: 'platform' }));

    // Refused again: the same change, the same deliveries (queued once); the compatibility test sent none.
    expect((await register(keys.orders!, widened)).status).toBe(409);
    const counts = await registry.registry.runtime.notifications!.counts();
    expect(counts).toMatchObject({ completed: 5, failed: 0, waiting: 0, delayed: 0 });
    expect(receiver.requests).toHaveLength(5);
  });

  it('lands it once an affected team approves exactly that schema', async () => {
    const requested = await call<{ id: string; fingerprint: string }>(
      `${registry.url}/approvals`,
      'POST',
      keys.orders,
      {
        subject: 'orders-value',
        schema: widened,
        reason: 'amounts become fractional for the new currency',
      },
    );
    expect(requested.body.fingerprint).toBe(fingerprint);
    expect(
      (await call(`${registry.url}/approvals/${requested.body.id}/approve`, 'POST', keys.analytics, {})).status,
    ).toBe(200);
    const landed = await register(keys.orders!, widened);
    expect(landed.status).toBe(200);
    expect(landed.body.version).toBe(5);
    expect(landed.impact).toMatch(/^CRITICAL \(block\)/);

    // The incident closes: PagerDuty resolves the same dedup key, and the teams hear how it was settled.
    const [, resolve] = await delivered('/pagerduty', 2);
    expect(json(resolve!)).toEqual({
      routing_key: SECRETS.ORDERS_PD_KEY,
      dedup_key: `orders-value:${fingerprint}`,
      event_action: 'resolve',
    });
    const [, resolved] = await delivered('/slack/orders', 2);
    const message = json(resolved!) as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(message.text).toBe('Resolved: CRITICAL impact: orders-value');
    expect(message.blocks[1]!.text!.text).toMatch(/Resolved: approved by .+; landed as version 5/);
  });

  it('fails closed for a tier-1 subject when lineage cannot answer (503, 50003), and says so', async () => {
    await lineage!.close();
    lineage = undefined;
    // v5 as it stands, with placed_at widened too: compatible, breaking, and nobody can say what it reaches now.
    const v5 = JSON.parse(widened) as { fields: Array<{ name: string; type: unknown }> };
    const alsoPlacedAt = JSON.stringify({
      ...v5,
      fields: v5.fields.map((entry) => (entry.name === 'placed_at' ? { ...entry, type: 'double' } : entry)),
    });
    const refused = await register(keys.orders!, alsoPlacedAt);
    expect(refused.status).toBe(503);
    expect(refused.body.error_code).toBe(50003);
    expect(refused.body.message).toContain('fail-closed');
    const versions = await call<number[]>(`${registry.url}/subjects/orders-value/versions`, 'GET', registry.admin);
    expect(versions.body).toEqual([1, 2, 3, 4, 5]);
  });
});
