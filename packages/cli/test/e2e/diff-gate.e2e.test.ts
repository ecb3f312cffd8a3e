// charter diff as a CI gate, end to end: a real git repository, a real registry and a real lineage service.
// Bad inputs tried: the lineage service down (connection refused) and hanging (timeout), the registry down, a key
// both services refuse (401), a key file that does not exist, a malformed key, a URL that is not http(s), a bad
// --on-unreachable policy.
import { createServer, type Server } from 'node:http';
import type { TestLineage } from '@charter/lineage/testing';
import type { IssuedKey, TestRegistry } from '@charter/registry/testing';
import { findFreePort } from '@charter/testkit';
import type { DiffReport } from '../../src/diff/diff-report';
import type { GitFixture } from '../git-fixture';
import { runCharter } from '../run-charter';
import {
  EVENTS_DIR as EVENTS,
  type GateStack,
  keyOf,
  ORDERS_DIR as ORDERS,
  readContract as read,
  startGateStack,
} from './gate-stack';

/**
 * The orders contract without `currency`: the field is then the contract's to drop (a drop of a declared field is
 * never approvable), yet the lineage still carries it to the executive revenue dashboard.
 */
const ORDERS_CONTRACT = read('orders/contract.odcs.yaml')
  .replace(/ {6}- name: currency\n(?: {8}.*\n)+/, '')
  .replace('fields: [order_id, amount_cents, currency, status]', 'fields: [order_id, amount_cents, status]');
const ORDERS_V3 = JSON.parse(read('orders/schemas/orders-value/v3.avsc'));
const ORDERS_V4 = `${JSON.stringify(
  { ...ORDERS_V3, fields: ORDERS_V3.fields.filter((field: { name: string }) => field.name !== 'currency') },
  null,
  2,
)}\n`;
const EVENTS_V2 = JSON.parse(read('user-events/schemas/user-events-value/v2.json'));
/** user_id string → integer: not BACKWARD compatible, and it reaches the user tables and the LTV model. */
const EVENTS_V3 = `${JSON.stringify(
  { ...EVENTS_V2, properties: { ...EVENTS_V2.properties, user_id: { type: 'integer' } } },
  null,
  2,
)}\n`;

/** A subject using a type another subject defines: its versions carry v<N>.references.json. */
const MONEY = 'contracts/orders/schemas/orders-money-value';
const REFUND = 'contracts/orders/schemas/orders-refund-value';
const MONEY_V1 = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'acme',
  fields: [
    { name: 'amount', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
});
const refund = (idType: string) =>
  JSON.stringify({
    type: 'record',
    name: 'Refund',
    namespace: 'acme',
    fields: [
      { name: 'id', type: idType },
      { name: 'total', type: 'acme.Money' },
    ],
  });
const REFERENCES = [{ name: 'acme.Money', subject: 'orders-money-value', version: 1 }];

let fixture: GitFixture;
let registry: TestRegistry;
let lineage: TestLineage;
let keys: Record<string, IssuedKey>;
let stack: GateStack;
const cwd = process.cwd();

beforeAll(async () => {
  stack = await startGateStack({
    overrides: { 'contracts/orders/contract.odcs.yaml': ORDERS_CONTRACT },
    roles: ['ci', 'team:orders', 'team:growth', 'team:analytics'],
  });
  ({ fixture, registry, lineage, keys } = stack);

  // Subjects with references are registered as the registry takes them (charter apply registers without).
  fixture.write({
    [`${MONEY}/v1.avsc`]: MONEY_V1,
    [`${REFUND}/v1.avsc`]: refund('string'),
    [`${REFUND}/v1.references.json`]: JSON.stringify(REFERENCES),
  });
  fixture.commit('refunds use the Money type');
  expect((await registry.http.register('orders-money-value', MONEY_V1)).status).toBe(200);
  expect(
    (await registry.http.register('orders-refund-value', refund('string'), { references: REFERENCES })).status,
  ).toBe(200);

  fixture.git('checkout', '-q', '-b', 'refund-id-long');
  fixture.write({
    [`${REFUND}/v2.avsc`]: refund('long'),
    [`${REFUND}/v2.references.json`]: JSON.stringify(REFERENCES),
  });
  fixture.commit('refund ids become numbers');
  fixture.git('checkout', '-q', '-b', 'drop-currency', 'main');
  fixture.write({ [`${ORDERS}/v4.avsc`]: ORDERS_V4 });
  fixture.commit('orders v4 drops currency');
  fixture.git('checkout', '-q', '-b', 'retype-user-id', 'main');
  fixture.write({ [`${EVENTS}/v3.json`]: EVENTS_V3 });
  fixture.commit('user-events v3 makes user_id an integer');
  process.chdir(fixture.dir);
}, 60_000);

afterAll(async () => {
  process.chdir(cwd);
  await stack?.close();
});

/** `charter diff` from main to `head` with both services and the ci key (as the GitHub gate runs it). */
function diff(head: string, extra: string[] = [], env: Record<string, string> = {}) {
  return runCharter(['diff', '--base', 'main', '--head', head, ...extra], {
    CHARTER_LINEAGE_URL: lineage.url,
    CHARTER_REGISTRY_URL: registry.url,
    CHARTER_API_KEY: keyOf(keys.ci!),
    ...env,
  });
}

async function json(head: string, extra: string[] = [], env: Record<string, string> = {}) {
  const run = await diff(head, [...extra, '--format', 'json'], env);
  return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as DiffReport };
}

/** Asks for the approval exactly as the report says (reason filled in), as `asker`; approves it as `approver`. */
async function askAndApprove(
  item: DiffReport['approvals'] & { status: 'checked' },
  asker: IssuedKey,
  approver: IssuedKey,
) {
  const request = item.items[0]!.request!;
  const call = (url: string, key: IssuedKey, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(keyOf(key)).toString('base64')}`,
      },
      body: JSON.stringify(body),
    });
  const asked = await call(request.url, asker, { ...request.body, reason: 'the change is planned with its consumers' });
  expect(asked.status).toBe(201);
  const { id } = (await asked.json()) as { id: string };
  expect((await call(`${registry.url}/approvals/${id}/approve`, approver, {})).status).toBe(200);
  return id;
}

describe('charter diff with lineage and the registry', () => {
  it('blocks a dropped field the executive dashboard reads, with batch and streaming impact and the request to ask', async () => {
    const { code, report } = await json('drop-currency');
    expect(code).toBe(1);
    expect(report.impact.status).toBe('assessed');
    const impact = report.impact.status === 'assessed' ? report.impact.changes : [];
    expect(impact).toHaveLength(1);
    expect(impact[0]).toMatchObject({ subject: 'orders-value', version: 4, severity: 'CRITICAL', verdict: 'block' });
    const names = (assets: Array<{ name: string; kind: string }>) =>
      assets.map((asset) => `${asset.kind} ${asset.name}`);
    expect(names(impact[0]!.batch)).toEqual(
      expect.arrayContaining([
        'table raw.orders',
        'dbt-model analytics.stg_orders',
        'dbt-model analytics.fct_revenue_daily',
        'dashboard dashboards.executive_revenue',
      ]),
    );
    expect(names(impact[0]!.streaming)).toEqual(['table staging.orders']);
    expect(impact[0]!.batch.find((asset) => asset.kind === 'dashboard')).toMatchObject({ team: 'analytics' });
    expect(report.reasons).toContainEqual(
      expect.objectContaining({ code: 'impact-needs-approval', blocking: true, subject: 'orders-value', version: 4 }),
    );
    expect(report.approvals).toMatchObject({
      status: 'checked',
      items: [
        {
          subject: 'orders-value',
          version: 4,
          state: 'none',
          fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          request: {
            method: 'POST',
            url: `${registry.url}/approvals`,
            body: { subject: 'orders-value', schema: ORDERS_V4, schemaType: 'AVRO', reason: expect.any(String) },
          },
        },
      ],
    });

    const text = await diff('drop-currency');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('orders-value v4: CRITICAL (block)');
    expect(text.stderr).toMatch(
      / {4}batch:\n(?: {6}.*\n)*? {6}dashboard +looker:\/\/acme\.looker\.com\/dashboards\.executive_revenue — team analytics;/,
    );
    expect(text.stderr).toMatch(
      / {4}streaming:\n {6}table +postgres:\/\/staging-db\.charter\.local:5432\/staging\.orders/,
    );
    expect(text.stderr).toContain(`ask for one: POST ${registry.url}/approvals`);
    expect(text.stderr).toContain('verdict: BLOCKED');
  });

  it('passes once the approver team approved exactly that schema, saying who and when', async () => {
    const before = (await json('drop-currency')).report;
    const id = await askAndApprove(before.approvals as never, keys['team:orders']!, keys['team:analytics']!);
    const { code, report } = await json('drop-currency');
    expect(code).toBe(0);
    expect(report.verdict).toBe('pass');
    const today = new Date().toISOString().slice(0, 10);
    expect(report.reasons).toContainEqual(
      expect.objectContaining({
        code: 'impact-needs-approval',
        blocking: false,
        approvedBy: { id, decidedBy: keys['team:analytics']!.id, decidedAt: expect.stringContaining(today) },
      }),
    );
    expect(report.approvals).toMatchObject({ items: [{ state: 'approved', approval: { id } }] });
    const text = await diff('drop-currency');
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`approved by ${keys['team:analytics']!.id} on ${today}`);
  });

  it('checks, impacts and approves a JSON Schema subject the same way', async () => {
    const first = await json('retype-user-id');
    expect(first.code).toBe(1);
    expect(first.report.reasons).toContainEqual(
      expect.objectContaining({
        code: 'incompatible-schema',
        field: 'user_id',
        subject: 'user-events-value',
        version: 3,
      }),
    );
    const impact = first.report.impact.status === 'assessed' ? first.report.impact.changes[0]! : undefined;
    expect(impact).toMatchObject({ subject: 'user-events-value', version: 3 });
    expect(impact!.batch.map((asset) => asset.name)).toEqual(
      expect.arrayContaining(['raw.user_events', 'analytics.customer_ltv']),
    );
    expect(impact!.streaming.map((asset) => asset.name)).toEqual(['staging.user_events']);
    expect(first.report.approvals).toMatchObject({
      items: [{ state: 'none', request: { body: { subject: 'user-events-value', schemaType: 'JSON' } } }],
    });
    await askAndApprove(first.report.approvals as never, keys['team:growth']!, keys['team:analytics']!);
    const after = await json('retype-user-id');
    expect(after.code).toBe(0);
    expect(after.report.reasons).toContainEqual(
      expect.objectContaining({ code: 'incompatible-schema', blocking: false, approvedBy: expect.any(Object) }),
    );
  });

  it('looks up a version with references by the fingerprint the registry gives it, and asks with its references', async () => {
    const first = await json('refund-id-long');
    expect(first.code).toBe(1);
    expect(first.report.reasons).toContainEqual(
      expect.objectContaining({ code: 'incompatible-schema', subject: 'orders-refund-value', version: 2 }),
    );
    const approvals = first.report.approvals as DiffReport['approvals'] & { status: 'checked' };
    expect(approvals.items[0]!.request!.body).toEqual({
      subject: 'orders-refund-value',
      schema: refund('long'),
      schemaType: 'AVRO',
      references: REFERENCES,
      reason: expect.any(String),
    });
    // The owning team asks; no contract binds the subject, so no approver team: an admin decides.
    const orders = registry.http.as({ keyId: keys['team:orders']!.id, secret: keys['team:orders']!.secret });
    const asked = await orders.post<{ id: string; fingerprint: string }>('/approvals', {
      ...approvals.items[0]!.request!.body,
      reason: 'refund ids come from the payments system now',
    });
    expect(asked.body.fingerprint).toBe(approvals.items[0]!.fingerprint);
    expect((await registry.http.post(`/approvals/${asked.body.id}/approve`)).status).toBe(200);
    const after = await json('refund-id-long');
    expect(after.code).toBe(0);
    expect(after.report.approvals).toMatchObject({ items: [{ state: 'approved', approval: { id: asked.body.id } }] });
  });

  it('exits 3 when the lineage service is down; with --on-unreachable warn it says impact was not assessed', async () => {
    const down = `http://127.0.0.1:${await findFreePort()}`;
    const failed = await diff('drop-currency', ['--lineage-url', down]);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain(
      `error lineage-unreachable: the lineage service at ${down} is unreachable (ECONNREFUSED)`,
    );
    // The approval still stands for the schema; only the impact is unknown.
    const warned = await json('drop-currency', ['--lineage-url', down, '--on-unreachable', 'warn']);
    expect(warned.code).toBe(0);
    expect(warned.report.impact).toEqual({
      status: 'not-assessed',
      reason: expect.stringContaining(`the lineage service at ${down} is unreachable`),
    });
    const text = await diff('drop-currency', ['--lineage-url', down, '--on-unreachable', 'warn']);
    expect(text.stderr).toContain('impact: not assessed (the lineage service at');
  });

  it('exits 3 on a service that does not answer within --timeout, and on the registry down', async () => {
    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    try {
      const started = Date.now();
      const run = await diff('drop-currency', ['--lineage-url', url, '--timeout', '0.5']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('no answer within 0.5 s');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
    const down = `http://127.0.0.1:${await findFreePort()}`;
    expect((await diff('retype-user-id', ['--registry-url', down])).code).toBe(3);
    const warned = await json('main', ['--registry-url', down, '--on-unreachable', 'warn']);
    // Nothing changed, so nothing needed a lookup: the registry was never asked.
    expect(warned.code).toBe(0);
  });

  it.each([
    [
      'a key both services refuse (401)',
      [],
      { CHARTER_API_KEY: 'ck_nobody:not-a-secret' },
      'lineage-unauthorized',
      'CHARTER_API_KEY',
    ],
    ['no key at all', [], { CHARTER_API_KEY: '' }, 'lineage-unauthorized', 'set CHARTER_API_KEY'],
    [
      'a key file that does not exist',
      ['--key-file', '/nonexistent/key'],
      {},
      'bad-api-key',
      '--key-file /nonexistent/key',
    ],
    ['a malformed key', ['--key', 'no-colon-here'], {}, 'bad-api-key', '--key'],
    [
      'a lineage URL that is not http(s)',
      [],
      { CHARTER_LINEAGE_URL: 'ftp://lineage' },
      'bad-url',
      'CHARTER_LINEAGE_URL',
    ],
  ])(
    'exits 2 on %s, naming where the key or URL came from, never the secret',
    async (_name, args, env, code, names) => {
      const run = await diff('drop-currency', args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error ${code}:`);
      expect(run.stderr).toContain(names);
      expect(run.stderr).not.toContain('not-a-secret');
      expect(run.stderr).not.toContain(keys.ci!.secret);
    },
  );

  it('refuses a bad --on-unreachable or --timeout as a usage error (2) and documents the exit codes', async () => {
    expect((await diff('drop-currency', ['--on-unreachable', 'ignore'])).code).toBe(2);
    expect((await diff('drop-currency', ['--timeout', '-1'])).code).toBe(2);
    const help = await runCharter(['diff', '--help']);
    expect(help.stdout).toMatch(
      /Exit codes:\n {2}0 {2}pass[^\n]*\n {2}1 {2}blocked[^\n]*\n {2}2 {2}usage[^\n]*\n {2}3 {2}a service/,
    );
  });
});
