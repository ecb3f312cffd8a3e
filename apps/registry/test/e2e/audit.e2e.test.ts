import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signWebhook } from '@charter/notify';
import { ROUTE_ACCESS } from '../../src/auth/access-policy';
import { avroRecord, type HttpResult, issueKey, TEST_OWNERSHIP, useTestRegistry } from '../../src/testing';

const SECRET = 'audit-webhook-secret-0123456789abcdef';
const registry = useTestRegistry({ env: { CHARTER_WEBHOOK_SECRET: SECRET } });
const CONTRACT = readFileSync(path.resolve(__dirname, '../../../../contracts/orders/contract.odcs.yaml'), 'utf8');
const ORDERS_V3 = readFileSync(
  path.resolve(__dirname, '../../../../contracts/orders/schemas/orders-value/v3.avsc'),
  'utf8',
);

interface Entry {
  id: string;
  action: string;
  target: string;
  outcome: string;
  requestId: string;
  actor: string;
}

async function entriesSince(after: bigint): Promise<Entry[]> {
  const page = await registry.http.get<{ entries: Entry[] }>('/audit?limit=500');
  return page.body.entries.filter((entry) => BigInt(entry.id) > after).reverse();
}

async function lastId(): Promise<bigint> {
  const page = await registry.http.get<{ entries: Entry[] }>('/audit?limit=1');
  return BigInt(page.body.entries[0]?.id ?? 0);
}

describe('audit completeness', () => {
  const state: { keyId?: string; approvalId?: string; incidentId?: string } = {};
  const schema = (fields: Array<[string, unknown]>) => ({ schema: JSON.stringify(avroRecord('Audited', fields)) });

  // Every mutating route, one call each, with the audit action it must leave. Order matters (later calls use earlier state).
  const mutations: Array<[route: string, call: () => Promise<HttpResult>, action: string]> = [
    ['PUT /ownership', () => registry.http.put('/ownership', TEST_OWNERSHIP), 'ownership.replace'],
    [
      'POST /subjects/:subject/versions',
      () => registry.http.post('/subjects/orders-value/versions', { schema: ORDERS_V3 }),
      'subject.register',
    ],
    [
      'PUT /contracts/:id',
      () => registry.http.put('/contracts/orders', CONTRACT, { 'content-type': 'application/yaml' }),
      'contract.put',
    ],
    [
      'POST /checks',
      () =>
        registry.http.post('/checks', {
          success: true,
          kind: 'checkpoint',
          run_id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
          started_at: '2026-12-06T02:00:00Z',
          finished_at: '2026-12-06T02:00:01Z',
          contract: { id: 'orders', version: '3.0.0' },
          source: { type: 'csv', name: 'orders.csv' },
          statistics: {
            evaluated_expectations: 0,
            successful_expectations: 0,
            unsuccessful_expectations: 0,
            success_percent: 100,
          },
          results: [],
        }),
      'check.record',
    ],
    [
      'POST /drift-events',
      () =>
        registry.http.post('/drift-events', {
          event_id: '6fa459ea-ee8a-4ca4-894e-db77e160355e',
          contract: 'orders',
          source: 'kafka:orders',
          field: 'amount_cents',
          test: 'psi',
          statistic: 0.3,
          threshold: 0.25,
          window: { start: '2026-12-06T09:00:00Z', end: '2026-12-06T09:05:00Z', count: 100 },
          baseline: { windows: 3, count: 300 },
          detected_at: '2026-12-06T09:05:00Z',
        }),
      'drift.record',
    ],
    [
      'PUT /config/:subject',
      () => registry.http.put('/config/platform.audit-value', { compatibility: 'FULL' }),
      'config.update',
    ],
    ['DELETE /config/:subject', () => registry.http.delete('/config/platform.audit-value'), 'config.delete'],
    ['PUT /config', () => registry.http.put('/config', { compatibility: 'BACKWARD' }), 'config.update'],
    ['DELETE /config', () => registry.http.delete('/config'), 'config.delete'],
    ['PUT /mode/:subject', () => registry.http.put('/mode/platform.audit-value', { mode: 'READWRITE' }), 'mode.update'],
    ['DELETE /mode/:subject', () => registry.http.delete('/mode/platform.audit-value'), 'mode.delete'],
    ['PUT /mode', () => registry.http.put('/mode', { mode: 'READWRITE' }), 'mode.update'],
    ['DELETE /mode', () => registry.http.delete('/mode'), 'mode.delete'],
    [
      'POST /keys',
      async () => {
        const response = await registry.http.post<{ id: string }>('/keys', { name: 'audited', role: 'team:analytics' });
        state.keyId = response.body.id;
        return response;
      },
      'key.create',
    ],
    ['POST /keys/:id/rotate', () => registry.http.post(`/keys/${state.keyId}/rotate`), 'key.rotate'],
    ['DELETE /keys/:id', () => registry.http.delete(`/keys/${state.keyId}`), 'key.revoke'],
    [
      'POST /approvals',
      async () => {
        await registry.http.post('/subjects/platform.audit-value/versions', schema([['a', 'int']]));
        const response = await registry.http.post<{ id: string }>('/approvals', {
          subject: 'platform.audit-value',
          reason: 'audit test',
          ...schema([['b', 'string']]),
        });
        state.approvalId = response.body.id;
        return response;
      },
      'approval.request',
    ],
    [
      'POST /approvals/:id/reject',
      async () => {
        // Not the admin key that asked: no one decides their own request.
        const { http: secondAdmin } = await issueKey(registry.http, 'admin', 'second admin');
        return secondAdmin.post(`/approvals/${state.approvalId}/reject`);
      },
      'approval.reject',
    ],
    [
      'POST /approvals/:id/approve',
      async () => {
        await (await issueKey(registry.http, 'ci')).http.post('/approvals', {
          subject: 'platform.audit-value',
          reason: 'second',
          ...schema([['c', 'string']]),
        });
        const [latest] = (await registry.http.get<Array<{ id: string }>>('/approvals?state=requested')).body;
        state.approvalId = latest!.id;
        return registry.http.post(`/approvals/${state.approvalId}/approve`);
      },
      'approval.approve',
    ],
    [
      'POST /approvals/:id/callback',
      async () => {
        await registry.http.post('/approvals', {
          subject: 'platform.audit-value',
          reason: 'third',
          ...schema([['d', 'string']]),
        });
        const [latest] = (await registry.http.get<Array<{ id: string }>>('/approvals?state=requested')).body;
        const body = JSON.stringify({
          eventId: `audit-${latest!.id}`,
          decision: 'reject',
          approver: { user: 'ops', admin: true },
        });
        return registry.http.as(undefined).post(`/approvals/${latest!.id}/callback`, body, {
          'content-type': 'application/json',
          'charter-signature': signWebhook(SECRET, body, Math.floor(Date.now() / 1000)),
        });
      },
      'approval.reject',
    ],
    [
      'POST /incidents',
      async () => {
        const response = await registry.http.post<{ id: string }>('/incidents', {
          subject: 'platform.audit-value',
          title: 'audit',
          runbook: 'schema-incident',
        });
        state.incidentId = response.body.id;
        return response;
      },
      'incident.open',
    ],
    [
      'POST /incidents/:id/timeline',
      () =>
        registry.http.post(`/incidents/${state.incidentId}/timeline`, {
          entries: [{ type: 'stage-entered', stage: 'detect', at: '2026-12-06T02:00:00Z' }],
        }),
      'incident.timeline',
    ],
    ['POST /incidents/:id/ack', () => registry.http.post(`/incidents/${state.incidentId}/ack`, {}), 'incident.ack'],
    [
      'POST /incidents/:id/close',
      () => registry.http.post(`/incidents/${state.incidentId}/close`, { status: 'resolved' }),
      'incident.close',
    ],
    [
      // after close: the post-mortem is written once the incident is over
      'PUT /incidents/:id/postmortem',
      () => registry.http.put(`/incidents/${state.incidentId}/postmortem`, { markdown: '# Post-mortem\n' }),
      'incident.postmortem',
    ],
    [
      'DELETE /subjects/:subject/versions/:version',
      () => registry.http.delete('/subjects/platform.audit-value/versions/1'),
      'version.delete',
    ],
    [
      'DELETE /subjects/:subject',
      async () => {
        await registry.http.post('/subjects/platform.audit-gone-value/versions', schema([['a', 'int']]));
        return registry.http.delete('/subjects/platform.audit-gone-value');
      },
      'subject.delete',
    ],
  ];

  it('covers every route that changes something', () => {
    const mutating = Object.keys(ROUTE_ACCESS).filter(
      (route) =>
        !route.startsWith('GET ') &&
        ![
          'POST /subjects/:subject',
          // Reads only (the fingerprint and approvals of a schema); see "writes nothing for reads, lookups" below.
          'POST /approvals/lookup',
          'POST /compatibility/subjects/:subject/versions',
          'POST /compatibility/subjects/:subject/versions/:version',
        ].includes(route),
    );
    expect([...new Set(mutations.map(([route]) => route))].sort()).toEqual(mutating.sort());
  });

  it.each(mutations.map(([route, call, action]) => ({ route, call, action })))(
    '$route leaves exactly one audit row of its own: $action',
    async ({ call, action }) => {
      // Preparation inside a call may audit too: count the rows written by the call's own request id.
      const before = await lastId();
      const response = await call();
      expect(response.status).toBeLessThan(300);
      const requestId = response.headers.get('x-request-id');
      const own = (await entriesSince(before)).filter((entry) => entry.requestId === requestId);
      expect(own.map((entry) => [entry.action, entry.outcome])).toEqual([[action, 'ok']]);
    },
  );

  it('writes nothing for reads, lookups, compatibility tests and failed requests', async () => {
    const before = await lastId();
    await registry.http.get('/subjects');
    await registry.http.post('/subjects/orders-value', { schema: ORDERS_V3 });
    await registry.http.post('/compatibility/subjects/orders-value/versions', { schema: ORDERS_V3 });
    await registry.http.post('/subjects/orders-value/versions', { schema: ORDERS_V3 }); // already registered
    await registry.http.post('/subjects/orders-value/versions', { schema: '{broken' });
    await registry.http.put('/config/orders-value', { compatibility: 'SOMETIMES' });
    expect(await entriesSince(before)).toEqual([]);
  });

  it('filters by actor, action, target and time, pages with `before`, and refuses bad queries', async () => {
    const registrations = await registry.http.get<{ entries: Entry[]; next: string | null }>(
      '/audit?action=subject.register&limit=1',
    );
    expect(registrations.body.entries).toHaveLength(1);
    const older = await registry.http.get<{ entries: Entry[] }>(
      `/audit?action=subject.register&before=${registrations.body.next}`,
    );
    expect(older.body.entries.every((entry) => BigInt(entry.id) < BigInt(registrations.body.next!))).toBe(true);
    const mine = await registry.http.get<{ entries: Entry[] }>(
      `/audit?actor=${registry.adminKey.keyId}&target=orders-value`,
    );
    expect(mine.body.entries.length).toBeGreaterThan(0);
    expect(
      mine.body.entries.every((entry) => entry.actor === registry.adminKey.keyId && entry.target === 'orders-value'),
    ).toBe(true);
    const future = await registry.http.get<{ entries: Entry[] }>('/audit?since=2999-01-01T00:00:00Z');
    expect(future.body.entries).toEqual([]);
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'since=yesterday', 'before=abc']) {
      expect([query, (await registry.http.get(`/audit?${query}`)).status]).toEqual([query, 422]);
    }
  });
});
