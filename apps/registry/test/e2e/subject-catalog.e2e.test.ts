import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueKey, type RegistryHttp, TEST_OWNERSHIP, useTestRegistry } from '../../src/testing';

// The console's two reads: GET /catalog/subjects (every subject with owner, contract, tier, compatibility and version
// counts in one request) and GET /subjects/{s}/diff (two versions' changes, classified per direction).
const CONTRACTS = path.resolve(__dirname, '../../../../contracts');
const CONTRACT = readFileSync(path.join(CONTRACTS, 'orders/contract.odcs.yaml'), 'utf8');
const ordersVersion = (version: number) =>
  readFileSync(path.join(CONTRACTS, `orders/schemas/orders-value/v${version}.avsc`), 'utf8');

const registry = useTestRegistry();
let reader: RegistryHttp;

beforeAll(async () => {
  const { http } = registry;
  expect((await http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  for (const version of [1, 2, 3]) {
    const registered = await http.register('orders-value', ordersVersion(version));
    expect([version, registered.status, registered.body]).toEqual([version, 200, expect.anything()]);
  }
  // The contract binds orders-value once its latest schema has the fields the contract declares.
  expect((await http.put('/contracts/orders', CONTRACT, { 'content-type': 'application/yaml' })).status).toBe(201);
  const string = { type: 'string' };
  expect((await http.register('analytics.scratch', string)).status).toBe(200);
  expect((await http.delete('/subjects/analytics.scratch')).status).toBe(200);
  expect((await http.register('unowned-value', { type: 'record', name: 'U', fields: [] })).status).toBe(200);
  expect(
    (
      await http.register('unowned-value', {
        type: 'record',
        name: 'U',
        fields: [{ name: 'a', type: 'int', default: 0 }],
      })
    ).status,
  ).toBe(200);
  expect((await http.delete('/subjects/unowned-value/versions/1')).status).toBe(200);
  reader = (await issueKey(http, 'reader')).http;
});

describe('GET /catalog/subjects', () => {
  it('lists every subject with its team, contract, tier, compatibility and versions, deleted ones marked', async () => {
    const listed = await reader.get<Array<Record<string, unknown>>>('/catalog/subjects');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        subject: 'analytics.scratch',
        deleted: true,
        versions: 0,
        deletedVersions: 1,
        latestVersion: null,
        schemaType: 'AVRO',
        team: 'analytics',
        contract: null,
        compatibility: 'BACKWARD',
        mode: 'READWRITE',
      },
      {
        subject: 'orders-value',
        deleted: false,
        versions: 3,
        deletedVersions: 0,
        latestVersion: 3,
        schemaType: 'AVRO',
        team: 'orders',
        contract: { id: 'orders', version: '3.1.0', team: 'orders', tier: 'tier-1' },
        compatibility: 'BACKWARD_TRANSITIVE',
        mode: 'READWRITE',
      },
      {
        subject: 'unowned-value',
        deleted: false,
        versions: 1,
        deletedVersions: 1,
        latestVersion: 2,
        schemaType: 'AVRO',
        team: null,
        contract: null,
        compatibility: 'BACKWARD',
        mode: 'READWRITE',
      },
    ]);
  });

  it('needs a key', async () => {
    const response = await fetch(`${registry.url}/catalog/subjects`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error_code: 40101 });
  });
});

describe('GET /subjects/{subject}/diff', () => {
  it("classifies v1 → v3 of orders-value in Charter's taxonomy, breaking per direction", async () => {
    const diff = await reader.get<{
      from: unknown;
      to: unknown;
      changes: Array<{ kind: string; field: string; breaking: { backward: boolean; forward: boolean } }>;
    }>('/subjects/orders-value/diff?from=1&to=3');
    expect(diff.status).toBe(200);
    expect(diff.body.from).toMatchObject({ version: 1, schemaType: 'AVRO', deleted: false });
    expect(diff.body.to).toMatchObject({ version: 3, schemaType: 'AVRO', deleted: false });
    const byField = Object.fromEntries(diff.body.changes.map((change) => [`${change.kind} ${change.field}`, change]));
    expect(byField['type-widened amount_cents']?.breaking).toEqual({ backward: false, forward: true });
    expect(byField['field-added-with-default coupon_code']?.breaking).toEqual({ backward: false, forward: false });
    expect(Object.keys(byField)).toContain('enum-extended status');
  });

  it('takes latest and compares a soft-deleted version too', async () => {
    const diff = await reader.get<{ from: { version: number; deleted: boolean }; to: { version: number } }>(
      '/subjects/unowned-value/diff?from=1&to=latest',
    );
    expect(diff.status).toBe(200);
    expect(diff.body.from).toMatchObject({ version: 1, deleted: true });
    expect(diff.body.to).toMatchObject({ version: 2 });
  });

  it.each([
    ['no to', '/subjects/orders-value/diff?from=1', 422, 42202],
    ['no query at all', '/subjects/orders-value/diff', 422, 42202],
    ['a version that is no number', '/subjects/orders-value/diff?from=one&to=3', 422, 42202],
    ['version 0', '/subjects/orders-value/diff?from=0&to=3', 422, 42202],
    ['an unknown subject', '/subjects/nobody-value/diff?from=1&to=2', 404, 40401],
    ['an unknown version', '/subjects/orders-value/diff?from=1&to=9', 404, 40402],
  ])('answers %s with %s %s', async (_case, url, status, code) => {
    const response = await reader.get<{ error_code: number }>(url);
    expect(response.status).toBe(status);
    expect(response.body.error_code).toBe(code);
  });
});
