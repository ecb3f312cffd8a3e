import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { issueKey, type RegistryHttp, startTestRegistry, TEST_OWNERSHIP, type TestRegistry } from '../../src/testing';

/**
 * An incident's post-mortem over HTTP against PostgreSQL and Redis: put as Markdown by the owning team (or an admin),
 * replaced by the next put, kept after the incident is closed, read by any key exactly as written (the registry
 * stores text; clients render it escaped); every put and every refusal audited.
 *
 * Bad inputs tried: no body, a non-string markdown, an empty markdown, one over 200 000 characters, an unknown field,
 * an id that is not a UUID, an unknown UUID (put and read), an incident without a post-mortem, another team's key, a
 * ci key, a reader key, no key.
 */

let registry: TestRegistry;
let orders: RegistryHttp;
let growth: RegistryHttp;
let ci: RegistryHttp;
let reader: RegistryHttp;
let sql: Client;

interface Postmortem {
  incident: string;
  markdown: string;
  updated_by: string;
  updated_at: string;
}
interface WireError {
  error_code: number;
  message: string;
}

const open = async () =>
  (
    await orders.post<{ id: string }>('/incidents', {
      subject: 'orders-value',
      title: 'orders-value v4 broke consumers',
      runbook: 'schema-incident',
    })
  ).body.id;

beforeAll(async () => {
  registry = await startTestRegistry();
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  orders = (await issueKey(registry.http, 'team:orders')).http;
  growth = (await issueKey(registry.http, 'team:growth')).http;
  ci = (await issueKey(registry.http, 'ci')).http;
  reader = (await issueKey(registry.http, 'reader')).http;
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await registry?.close();
});

describe('incident post-mortems', () => {
  it('keeps the Markdown as written, replaces it on the next put, also after close, and audits each put', async () => {
    const id = await open();
    const first = '# Post-mortem\n\n<script>alert(1)</script> **MTTR** 4 min\n';
    const put = await orders.put<Postmortem>(`/incidents/${id}/postmortem`, { markdown: first });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ incident: id, markdown: first, updated_by: 'team:orders' });

    const read = await reader.get<Postmortem>(`/incidents/${id}/postmortem`);
    expect([read.status, read.body.markdown]).toEqual([200, first]);

    expect((await orders.post(`/incidents/${id}/close`, { status: 'resolved' })).status).toBe(200);
    const revised = `${first}\n## Drill\n\nrevised after close\n`;
    expect((await registry.http.put(`/incidents/${id}/postmortem`, { markdown: revised })).status).toBe(200);
    const after = await ci.get<Postmortem>(`/incidents/${id}/postmortem`);
    expect(after.body).toMatchObject({ markdown: revised, updated_by: registry.adminKey.keyId });
    expect(Date.parse(after.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(put.body.updated_at));

    const audited = await sql.query<{ action: string; outcome: string; after: unknown }>(
      "SELECT action, outcome, after FROM audit_log WHERE target = $1 AND action = 'incident.postmortem' ORDER BY id",
      [id],
    );
    expect(audited.rows).toEqual([
      { action: 'incident.postmortem', outcome: 'ok', after: { characters: first.length } },
      { action: 'incident.postmortem', outcome: 'ok', after: { characters: revised.length } },
    ]);
  });

  it('answers 404 40461 before a post-mortem exists and 40460 for an unknown incident', async () => {
    const id = await open();
    const cases = [
      ['none yet', await reader.get<WireError>(`/incidents/${id}/postmortem`), 40461],
      ['unknown incident', await reader.get<WireError>(`/incidents/${randomUUID()}/postmortem`), 40460],
      ['not a uuid', await reader.get<WireError>('/incidents/not-a-uuid/postmortem'), 40460],
      [
        'put to an unknown incident',
        await orders.put<WireError>(`/incidents/${randomUUID()}/postmortem`, { markdown: '# x' }),
        40460,
      ],
    ] as const;
    for (const [what, response, code] of cases) {
      expect([what, response.status, response.body.error_code]).toEqual([what, 404, code]);
    }
  });

  it('refuses bad bodies (422, 42260)', async () => {
    const id = await open();
    const bodies: unknown[] = [
      undefined,
      { markdown: 42 },
      { markdown: '' },
      { markdown: 'x'.repeat(200_001) },
      { markdown: '# ok', html: '<p>' },
    ];
    for (const body of bodies) {
      const response = await orders.put<WireError>(`/incidents/${id}/postmortem`, body);
      expect([JSON.stringify(body)?.slice(0, 40), response.status, response.body.error_code]).toEqual([
        JSON.stringify(body)?.slice(0, 40),
        422,
        42260,
      ]);
    }
    expect((await reader.get(`/incidents/${id}/postmortem`)).status).toBe(404);
  });

  it("lets only an admin or the subject's team put it; each refusal audited", async () => {
    const id = await open();
    const body = { markdown: '# not yours' };
    const refusals = [
      ['another team', await growth.put<WireError>(`/incidents/${id}/postmortem`, body), 403, 40301],
      ['ci', await ci.put<WireError>(`/incidents/${id}/postmortem`, body), 403, 40301],
      ['reader', await reader.put<WireError>(`/incidents/${id}/postmortem`, body), 403, 40301],
      ['no key', await registry.http.as(undefined).put<WireError>(`/incidents/${id}/postmortem`, body), 401, 40101],
      ['no key reading', await registry.http.as(undefined).get<WireError>(`/incidents/${id}/postmortem`), 401, 40101],
    ] as const;
    for (const [who, response, status, code] of refusals) {
      expect([who, response.status, response.body.error_code]).toEqual([who, status, code]);
    }
    expect((await reader.get(`/incidents/${id}/postmortem`)).status).toBe(404);
    const denied = await sql.query<{ actor_role: string }>(
      "SELECT actor_role FROM audit_log WHERE target = $1 AND action = 'incident.postmortem' AND outcome = 'denied'",
      [id],
    );
    expect(denied.rows.map((row) => row.actor_role)).toEqual(['team:growth']);
  });
});
