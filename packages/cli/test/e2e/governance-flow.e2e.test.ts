import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RegistryHttp } from '@charter/registry/testing';
import { issueKey, useTestRegistry } from '@charter/registry/testing';
import { applyContractsDirectory, authorizationHeader } from '../../src';

const CONTRACTS = path.resolve(__dirname, '..', '..', '..', '..', 'contracts');
const ORDERS_V3 = JSON.parse(readFileSync(path.join(CONTRACTS, 'orders/schemas/orders-value/v3.avsc'), 'utf8'));
const ORDERS_CONTRACT = readFileSync(path.join(CONTRACTS, 'orders/contract.odcs.yaml'), 'utf8');

/** v3 with the fields changed by `change` (a field set to undefined is removed). */
function ordersWith(change: Record<string, unknown>) {
  const fields = ORDERS_V3.fields
    .filter((field: { name: string }) => !(field.name in change) || change[field.name] !== undefined)
    .map((field: { name: string }) => (field.name in change ? change[field.name] : field));
  for (const [name, field] of Object.entries(change)) {
    if (field !== undefined && !fields.some((existing: { name: string }) => existing.name === name)) fields.push(field);
  }
  return JSON.stringify({ ...ORDERS_V3, fields });
}

const compatibleV4 = ordersWith({ channel: { name: 'channel', type: ['null', 'string'], default: null } });
const breakingV5 = ordersWith({ coupon_code: { name: 'coupon_code', type: ['null', 'int'], default: null } });
const dropsCurrency = ordersWith({ currency: undefined });

const registry = useTestRegistry();
let orders: RegistryHttp;
let ordersAgain: RegistryHttp;
let analytics: RegistryHttp;
let growth: RegistryHttp;

beforeAll(async () => {
  const admin = authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` });
  const applied = await applyContractsDirectory({ root: CONTRACTS, registryUrl: registry.url, headers: admin });
  expect(applied.ok).toBe(true);
  orders = (await issueKey(registry.http, 'team:orders')).http;
  ordersAgain = (await issueKey(registry.http, 'team:orders', 'second orders key')).http;
  analytics = (await issueKey(registry.http, 'team:analytics')).http;
  growth = (await issueKey(registry.http, 'team:growth')).http;
});

describe('contracts bound from contracts/ (what the run command does)', () => {
  it('loads, binds and lists both sample contracts; applying again changes nothing', async () => {
    const list =
      await registry.http.get<Array<{ id: string; version: string; team: string; subjects: string[] }>>('/contracts');
    expect(list.body.map(({ id, version, team, subjects }) => [id, version, team, subjects])).toEqual([
      ['orders', '3.1.0', 'orders', ['orders-value']],
      ['user-events', expect.any(String), 'growth', ['user-events-value']],
    ]);
    const admin = authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` });
    const again = await applyContractsDirectory({ root: CONTRACTS, registryUrl: registry.url, headers: admin });
    expect(again.contracts.map((contract) => contract.outcome)).toEqual(['unchanged', 'unchanged']);
    const replaced = await registry.http.get<{ entries: unknown[] }>('/audit?action=ownership.replace');
    expect(replaced.body.entries).toHaveLength(1);
    expect(again.subjects.flatMap((subject) => subject.versions.map((v) => v.outcome))).toEqual(
      Array(5).fill('existing'),
    );
    expect((await registry.http.get('/contracts/orders/versions')).body).toEqual(['3.1.0']);
  });

  it('reports the contract’s level as the bound subject’s config, and refuses to set another there', async () => {
    expect((await registry.http.get('/config/orders-value')).body).toMatchObject({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });
    const refused = await orders.put('/config/orders-value', { compatibility: 'NONE' });
    expect(refused).toMatchObject({ status: 409, body: { error_code: 40920 } });
    expect((await orders.put('/config/orders-value', { compatibility: 'BACKWARD_TRANSITIVE' })).status).toBe(200);
    expect((await registry.http.delete('/config/orders-value')).status).toBe(200);
  });

  it('refuses bad contracts with 422 and every problem, a foreign team with 403, and rewrites of a version with 409', async () => {
    const yaml = { 'content-type': 'application/yaml' };
    const broken = await orders.put('/contracts/orders', 'apiVersion: v3.2.0\nkind: DataContract\nid: [orders\n', yaml);
    expect(broken).toMatchObject({ status: 422, body: { error_code: 42220 } });
    expect((broken.body as { message: string }).message).toMatch(/contracts\/orders:\d+:\d+ \/ yaml-syntax: /);
    const invalid = await orders.put(
      '/contracts/orders',
      ORDERS_CONTRACT.replace('value: tier-1', 'value: tier-0'),
      yaml,
    );
    expect(invalid).toMatchObject({ status: 422, body: { error_code: 42220 } });
    expect((invalid.body as { message: string }).message).toContain('unknown-tier');
    const wrongId = await orders.put('/contracts/other', ORDERS_CONTRACT, yaml);
    expect(wrongId.status).toBe(422);
    const foreign = await growth.put(
      '/contracts/orders',
      ORDERS_CONTRACT.replace('version: 3.1.0', 'version: 3.2.0'),
      yaml,
    );
    expect(foreign).toMatchObject({ status: 403, body: { error_code: 40301 } });
    const rewrite = await orders.put(
      '/contracts/orders',
      ORDERS_CONTRACT.replace('name: Orders', 'name: Orders!'),
      yaml,
    );
    expect(rewrite.status).toBe(409);
    const lower = await orders.put(
      '/contracts/orders',
      ORDERS_CONTRACT.replace('version: 3.1.0', 'version: 2.9.0'),
      yaml,
    );
    expect(lower.status).toBe(422);
    expect((await registry.http.get('/contracts/orders/versions')).body).toEqual(['3.1.0']);
    const unknownMedia = await orders.put('/subjects/orders-value/versions', 'schema: x', yaml);
    expect(unknownMedia.status).toBe(415);
  });

  it('takes the contract as JSON too, and refuses YAML bombs, non-objects and bad ownership maps with 422', async () => {
    const current = await registry.http.get<{ contract: Record<string, unknown> }>('/contracts/orders');
    const sameAsJson = await orders.put('/contracts/orders', current.body.contract);
    expect(sameAsJson.status).toBe(200);
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}]`);
    const bomb = `a0: &a0 [x, x, x, x]\n${aliases.join('\n')}\n`;
    const yaml = { 'content-type': 'application/yaml' };
    for (const body of [bomb, '- just\n- a list\n', '', '{}']) {
      const response = await orders.put('/contracts/orders', body, yaml);
      expect([JSON.stringify(body).slice(0, 40), response.status]).toEqual([JSON.stringify(body).slice(0, 40), 422]);
    }
    for (const body of [[1], '"text"', { teams: 'orders' }, { teams: [{ name: 'x', subjectPrefixes: [1] }] }, {}]) {
      const response = await registry.http.put('/ownership', body);
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 422]);
    }
    const ownership = await registry.http.get<{ teams: Array<{ name: string }> }>('/ownership');
    expect(ownership.body.teams.map((team) => team.name)).toContain('orders');
    expect((await registry.http.get('/contracts/orders/versions')).body).toEqual(['3.1.0']);
  });
});

describe('a contract belongs to the team of its first version', () => {
  const yaml = { 'content-type': 'application/yaml' };
  /** The orders contract as another id, version, team and bound subject. */
  const contractAs = (options: { id?: string; version: string; team: string; subject: string }) =>
    ORDERS_CONTRACT.replace('id: orders', `id: ${options.id ?? 'orders'}`)
      .replace('version: 3.1.0', `version: ${options.version}`)
      .replace('team:\n  name: orders', `team:\n  name: ${options.team}`)
      .replace('url: subjects/orders-value', `url: subjects/${options.subject}`);

  it('refuses another team publishing its next version (403, audited), leaving the subject bound', async () => {
    const takeover = await growth.put(
      '/contracts/orders',
      contractAs({ version: '9.0.0', team: 'growth', subject: 'user-events-takeover-value' }),
      yaml,
    );
    expect(takeover).toMatchObject({ status: 403, body: { error_code: 40301 } });
    const giveaway = await orders.put(
      '/contracts/orders',
      contractAs({ version: '3.2.0', team: 'growth', subject: 'user-events-takeover-value' }),
      yaml,
    );
    expect(giveaway).toMatchObject({ status: 403, body: { error_code: 40301 } });
    expect((await registry.http.get('/contracts/orders/versions')).body).toEqual(['3.1.0']);
    expect((await registry.http.get('/config/orders-value')).body).toMatchObject({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });
    const refused = await registry.http.get<{ entries: Array<{ outcome: string; after: { team: string } }> }>(
      '/audit?action=contract.transfer&target=orders',
    );
    expect(refused.body.entries.map((entry) => [entry.outcome, entry.after.team])).toEqual([
      ['denied', 'growth'],
      ['denied', 'growth'],
    ]);
  });

  it('moves only by an admin saying so (transfer=true), audited as a transfer', async () => {
    const first = await registry.http.put(
      '/contracts/scratch',
      contractAs({ id: 'scratch', version: '1.0.0', team: 'orders', subject: 'orders-scratch-value' }),
      yaml,
    );
    expect(first.status).toBe(201);
    const moved = contractAs({ id: 'scratch', version: '2.0.0', team: 'growth', subject: 'user-events-scratch-value' });
    expect(await growth.put('/contracts/scratch?transfer=true', moved, yaml)).toMatchObject({ status: 403 });
    expect(await registry.http.put('/contracts/scratch', moved, yaml)).toMatchObject({
      status: 409,
      body: { error_code: 40923 },
    });
    expect((await registry.http.put('/contracts/scratch?transfer=true', moved, yaml)).status).toBe(201);
    const audit = await registry.http.get<{
      entries: Array<{ outcome: string; before: { team: string }; after: { team: string } }>;
    }>('/audit?action=contract.transfer&target=scratch');
    expect(audit.body.entries.map((entry) => [entry.outcome, entry.before?.team, entry.after.team])).toEqual([
      ['ok', 'orders', 'growth'],
      ['denied', undefined, 'growth'],
    ]);
    // Now growth's: growth publishes its next version, orders no longer may.
    const next = contractAs({ id: 'scratch', version: '2.1.0', team: 'growth', subject: 'user-events-scratch-value' });
    expect(await orders.put('/contracts/scratch', next, yaml)).toMatchObject({ status: 403 });
    expect((await growth.put('/contracts/scratch', next, yaml)).status).toBe(201);
  });
});

describe('a blocked change goes through an approval and lands', () => {
  let approvalId: string;
  let fingerprint: string;

  it('lets the orders team evolve its subject compatibly', async () => {
    const registered = await orders.post('/subjects/orders-value/versions', { schema: compatibleV4 });
    expect(registered).toMatchObject({ status: 200, body: { version: 4 } });
  });

  it('refuses a change that drops a field the contract promises (409, 40920), whatever the level says', async () => {
    const refused = await orders.post('/subjects/orders-value/versions', { schema: dropsCurrency });
    expect(refused).toMatchObject({ status: 409, body: { error_code: 40920 } });
    expect((refused.body as { message: string }).message).toContain('currency');
    const tested = await orders.post('/compatibility/subjects/orders-value/versions?verbose=true', {
      schema: dropsCurrency,
    });
    expect(tested.body).toMatchObject({ is_compatible: false });
  });

  it('refuses an incompatible change at the contract’s level (409, 40901) and names the fingerprint to approve', async () => {
    const refused = await orders.post<{ error_code: number; message: string }>('/subjects/orders-value/versions', {
      schema: breakingV5,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error_code).toBe(40901);
    expect(refused.body.message).toContain('contract orders 3.1.0 requires BACKWARD_TRANSITIVE');
    fingerprint = /fingerprint ([0-9a-f]{64})/.exec(refused.body.message)![1]!;
  });

  it('records the request, with the consumers’ teams as approvers', async () => {
    const requested = await orders.post<{ id: string; state: string; approverTeams: string[]; fingerprint: string }>(
      '/approvals',
      { subject: 'orders-value', schema: breakingV5, reason: 'coupon codes become numeric ids', ttlMinutes: 60 },
    );
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ state: 'requested', fingerprint });
    expect([...requested.body.approverTeams].sort()).toEqual(['analytics', 'fulfilment']);
    approvalId = requested.body.id;
    expect(
      (await growth.post('/approvals', { subject: 'orders-value', schema: breakingV5, reason: 'not mine' })).status,
    ).toBe(403);
  });

  it('lets neither the requester, its team, nor an unrelated team decide', async () => {
    for (const client of [orders, ordersAgain, growth]) {
      const refused = await client.post(`/approvals/${approvalId}/approve`, { note: 'lgtm' });
      expect(refused).toMatchObject({ status: 403, body: { error_code: 40301 } });
    }
    expect((await orders.post('/subjects/orders-value/versions', { schema: breakingV5 })).status).toBe(409);
  });

  it('lands the change once an affected consumer’s team approves, exactly once', async () => {
    const approved = await analytics.post(`/approvals/${approvalId}/approve`, { note: 'dashboard does not read it' });
    expect(approved).toMatchObject({ status: 200, body: { state: 'approved' } });
    expect((await analytics.post(`/approvals/${approvalId}/reject`)).status).toBe(409);
    expect((await analytics.post(`/approvals/${approvalId}/approve`)).status).toBe(409);

    const landed = await orders.post('/subjects/orders-value/versions', { schema: breakingV5 });
    expect(landed).toMatchObject({ status: 200, body: { version: 5 } });
    const approval = await registry.http.get<{ usedAt: string | null; events: Array<{ type: string }> }>(
      `/approvals/${approvalId}`,
    );
    expect(approval.body.usedAt).toEqual(expect.any(String));
    expect(approval.body.events.map((event) => event.type)).toEqual(['requested', 'approved', 'used']);
  });

  it('tells the story in the audit log', async () => {
    const story = await registry.http.get<{
      entries: Array<{ action: string; outcome: string; target: string; actorRole: string }>;
    }>('/audit?limit=500');
    const relevant = story.body.entries
      .filter((entry) => entry.target === 'orders-value' || entry.target === approvalId)
      .reverse()
      .map((entry) => `${entry.actorRole} ${entry.action} ${entry.outcome}`);
    expect(relevant).toEqual([
      'admin subject.register ok',
      'admin subject.register ok',
      'admin subject.register ok',
      'team:orders config.update ok',
      'admin config.delete ok',
      'team:orders subject.register ok',
      'team:orders subject.register denied',
      'team:orders subject.register denied',
      'team:orders approval.request ok',
      'team:growth approval.request denied',
      'team:orders approval.approve denied',
      'team:orders approval.approve denied',
      'team:growth approval.approve denied',
      'team:orders subject.register denied',
      'team:analytics approval.approve ok',
      'team:orders subject.register ok',
      'team:orders approval.use ok',
    ]);
  });
});
