import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { issueKey, type RegistryHttp, startTestRegistry, TEST_OWNERSHIP, type TestRegistry } from '../../src/testing';

/**
 * Incidents over HTTP against PostgreSQL and Redis: opened on a subject, the timeline appended in order, human steps
 * acknowledged, closed resolved or aborted; an admin or the owning team may change one, a ci key only reads; every
 * change audited; a closed incident refuses changes.
 *
 * Bad inputs tried: a non-object body, a missing subject, an empty title, an unknown field, a version of 0, a
 * severity SEV-5, an unknown timeline entry type, an entry without `at`, a timeline severity SEV-5, a time without
 * offset, no entries, 501 entries, an entry over 8 KiB, an unknown close status, a bad limit and an unknown status filter on the list, an id
 * that is not a UUID, an unknown UUID, another team's key, a ci key, a reader key, no key, a change after close (and
 * after an abort), a close twice.
 */

let registry: TestRegistry;
let orders: RegistryHttp;
let growth: RegistryHttp;
let ci: RegistryHttp;
let sql: Client;

interface Incident {
  id: string;
  subject: string;
  status: string;
  severity: string | null;
  acknowledged_at: string | null;
  closed_at: string | null;
  timeline?: Array<Record<string, unknown>>;
}

const open = (http: RegistryHttp, body: Record<string, unknown> = {}) =>
  http.post<Incident>('/incidents', {
    subject: 'orders-value',
    title: 'orders-value v4 broke consumers',
    runbook: 'schema-incident',
    ...body,
  });
const entry = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  at: new Date().toISOString(),
  ...extra,
});
const auditRows = async (id: string) =>
  (
    await sql.query<{ action: string; outcome: string }>(
      "SELECT action, outcome FROM audit_log WHERE target_type = 'incident' AND target = $1 ORDER BY id",
      [id],
    )
  ).rows;

beforeAll(async () => {
  registry = await startTestRegistry();
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  orders = (await issueKey(registry.http, 'team:orders')).http;
  growth = (await issueKey(registry.http, 'team:growth')).http;
  ci = (await issueKey(registry.http, 'ci')).http;
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await registry?.close();
});

describe('incidents', () => {
  it('opens, appends the timeline in order, acknowledges, closes — and audits each change', async () => {
    const opened = await open(orders, { version: 4, severity: 'SEV-2' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ subject: 'orders-value', status: 'open', severity: 'SEV-2', closed_at: null });
    const id = opened.body.id;

    const entries = [
      entry('stage-entered', { stage: 'detect' }),
      entry('step-finished', { stage: 'detect', step: 'open-incident', outcome: 'succeeded', attempts: 1 }),
      entry('stage-left', { stage: 'detect', outcome: 'completed' }),
    ];
    expect((await orders.post(`/incidents/${id}/timeline`, { entries, severity: 'SEV-1' })).status).toBe(201);
    expect((await ci.get<Incident>(`/incidents/${id}`)).body.severity).toBe('SEV-1');
    const acked = await orders.post<Incident>(`/incidents/${id}/ack`, { step: 'confirm-recovery' });
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledged_at).not.toBeNull();
    const closed = await orders.post<Incident>(`/incidents/${id}/close`, {
      status: 'resolved',
      summary: 'rolled back',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'resolved', severity: 'SEV-1' });
    expect(closed.body.closed_at).not.toBeNull();

    const read = await ci.get<Incident>(`/incidents/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.timeline!.map((item) => [item.type, item.stage ?? null, item.step ?? null])).toEqual([
      ['stage-entered', 'detect', null],
      ['step-finished', 'detect', 'open-incident'],
      ['stage-left', 'detect', null],
      ['acknowledged', null, 'confirm-recovery'],
    ]);
    expect(read.body.timeline![1]).toMatchObject({ outcome: 'succeeded', attempts: 1, recorded_by: 'team:orders' });
    expect(read.body.timeline![3]).toMatchObject({ by: 'team:orders' });
    expect(await auditRows(id)).toEqual(
      ['incident.open', 'incident.timeline', 'incident.ack', 'incident.close'].map((action) => ({
        action,
        outcome: 'ok',
      })),
    );
  });

  it('lists incidents newest first, filtered by status and subject', async () => {
    const first = (await open(registry.http, { subject: 'user-events-value' })).body.id;
    const second = (await open(registry.http, { subject: 'user-events-value' })).body.id;
    await registry.http.post(`/incidents/${first}/close`, { status: 'aborted' });
    const openOnes = await ci.get<{ incidents: Incident[] }>('/incidents?status=open&subject=user-events-value');
    expect(openOnes.status).toBe(200);
    expect(openOnes.body.incidents.map((incident) => incident.id)).toEqual([second]);
    const all = await ci.get<{ incidents: Incident[] }>('/incidents?subject=user-events-value&limit=5');
    expect(all.body.incidents.map((incident) => incident.id)).toEqual([second, first]);
  });

  it.each([
    ['a non-object body', '[1]'],
    ['a missing subject', { title: 't', runbook: 'r' }],
    ['an empty title', { subject: 'orders-value', title: '', runbook: 'r' }],
    ['an unknown field', { subject: 'orders-value', title: 't', runbook: 'r', owner: 'x' }],
    ['version 0', { subject: 'orders-value', title: 't', runbook: 'r', version: 0 }],
    ['severity SEV-5', { subject: 'orders-value', title: 't', runbook: 'r', severity: 'SEV-5' }],
  ])('refuses to open with %s (422, 42260), storing nothing', async (_name, body) => {
    const before = (await sql.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n;
    const response = await orders.post<{ error_code: number }>('/incidents', body);
    expect([response.status, response.body.error_code]).toEqual([422, 42260]);
    expect((await sql.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n).toBe(before);
  });

  it.each([
    ['an unknown entry type', { entries: [entry('coffee-break')] }],
    ['an entry without at', { entries: [{ type: 'note' }] }],
    ['a time without offset', { entries: [{ type: 'note', at: '2026-12-06T10:00:00' }] }],
    ['no entries', { entries: [] }],
    ['501 entries', { entries: Array.from({ length: 501 }, () => entry('note')) }],
    ['an entry over 8 KiB', { entries: [entry('note', { text: 'x'.repeat(9_000) })] }],
    ['a severity SEV-5', { entries: [entry('note')], severity: 'SEV-5' }],
  ])('refuses a timeline with %s (422, 42260), appending nothing', async (_name, body) => {
    const id = (await open(orders)).body.id;
    const response = await orders.post<{ error_code: number }>(`/incidents/${id}/timeline`, body);
    expect([response.status, response.body.error_code]).toEqual([422, 42260]);
    expect((await orders.get<Incident>(`/incidents/${id}`)).body.timeline).toEqual([]);
  });

  it.each([
    ['an unknown close status', 'close', { status: 'fixed' }, 422, 42260],
    ['a change after close', 'timeline', { entries: [entry('note')] }, 409, 40960],
  ] as const)('answers %s with %i', async (_name, route, body, status, code) => {
    const id = (await open(orders)).body.id;
    if (status === 409) await orders.post(`/incidents/${id}/close`, { status: 'aborted' });
    const response = await orders.post<{ error_code: number }>(`/incidents/${id}/${route}`, body);
    expect([response.status, response.body.error_code]).toEqual([status, code]);
  });

  it('refuses to acknowledge or close an incident twice closed (409, 40960)', async () => {
    const id = (await open(orders)).body.id;
    expect((await orders.post(`/incidents/${id}/close`, { status: 'resolved' })).status).toBe(200);
    for (const [route, body] of [
      ['close', { status: 'aborted' }],
      ['ack', {}],
    ] as const) {
      const response = await orders.post<{ error_code: number }>(`/incidents/${id}/${route}`, body);
      expect([response.status, response.body.error_code]).toEqual([409, 40960]);
    }
    expect((await orders.get<Incident>(`/incidents/${id}`)).body.status).toBe('resolved');
  });

  it.each([
    ['an id that is not a UUID', 'not-a-uuid'],
    ['an unknown UUID', randomUUID()],
  ])('answers 404 (40460) for %s', async (_name, id) => {
    for (const response of [
      await ci.get<{ error_code: number }>(`/incidents/${id}`),
      await orders.post<{ error_code: number }>(`/incidents/${id}/ack`, {}),
    ]) {
      expect([response.status, response.body.error_code]).toEqual([404, 40460]);
    }
  });

  describe('Idempotency-Key', () => {
    const openWithKey = (key: string, body: Record<string, unknown> = {}, http: RegistryHttp = orders) =>
      http.post<Incident & { error_code?: number }>(
        '/incidents',
        { subject: 'orders-value', title: 'orders-value v4 broke consumers', runbook: 'schema-incident', ...body },
        { 'idempotency-key': key },
      );
    const incidentsWithKey = async (key: string) =>
      (await sql.query<{ id: string }>('SELECT id FROM incidents WHERE idempotency_key = $1', [key])).rows.map(
        (row) => row.id,
      );

    it('a retried open (same key, same body) answers 200 with the same incident, once stored and audited', async () => {
      const key = `runbook-run:${randomUUID()}:open-incident`;
      const first = await openWithKey(key, { version: 4, severity: 'SEV-2' });
      expect(first.status).toBe(201);
      // The body's keys in another order are the same request.
      const retried = await orders.post<Incident>(
        '/incidents',
        {
          severity: 'SEV-2',
          runbook: 'schema-incident',
          version: 4,
          title: 'orders-value v4 broke consumers',
          subject: 'orders-value',
        },
        { 'idempotency-key': `"${key}"` },
      );
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(first.body);
      expect(await incidentsWithKey(key)).toEqual([first.body.id]);
      expect(await auditRows(first.body.id)).toEqual([{ action: 'incident.open', outcome: 'ok' }]);
    });

    it('concurrent retries of one open create one incident', async () => {
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 8 }, () => openWithKey(key)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await incidentsWithKey(key)).toHaveLength(1);
    });

    it('the same key answers with its incident after the incident is closed', async () => {
      const key = randomUUID();
      const first = await openWithKey(key);
      expect((await orders.post(`/incidents/${first.body.id}/close`, { status: 'resolved' })).status).toBe(200);
      const retried = await openWithKey(key);
      expect([retried.status, retried.body.id, retried.body.status]).toEqual([200, first.body.id, 'resolved']);
    });

    it('refuses the same key with another body (409, 40961), storing nothing', async () => {
      const key = randomUUID();
      const first = await openWithKey(key, { severity: 'SEV-2' });
      expect(first.status).toBe(201);
      for (const body of [{ severity: 'SEV-1' }, { title: 'another outage' }, { severity: 'SEV-2', version: 4 }]) {
        const reused = await openWithKey(key, body);
        expect([JSON.stringify(body), reused.status, reused.body.error_code]).toEqual([
          JSON.stringify(body),
          409,
          40961,
        ]);
      }
      expect(await incidentsWithKey(key)).toEqual([first.body.id]);
    });

    it('without a key, two opens are two incidents', async () => {
      const [a, b] = [await open(orders), await open(orders)];
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('refuses a bad key (422, 42260) and a key holder without rights to the subject (403)', async () => {
      for (const key of ['', 'has space', 'x'.repeat(256), 'naïve']) {
        const response = await openWithKey(key);
        expect([key, response.status, response.body.error_code]).toEqual([key, 422, 42260]);
      }
      const key = randomUUID();
      expect((await openWithKey(key)).status).toBe(201);
      const denied = await openWithKey(key, {}, growth);
      expect([denied.status, denied.body.error_code]).toEqual([403, 40301]);
    });
  });

  it('refuses bad list queries (422, 42260)', async () => {
    for (const query of ['limit=0', 'limit=abc', 'status=closed', 'colour=red']) {
      const response = await ci.get<{ error_code: number }>(`/incidents?${query}`);
      expect([query, response.status, response.body.error_code]).toEqual([query, 422, 42260]);
    }
  });

  it("lets only an admin or the subject's team change an incident; ci reads; each refusal audited", async () => {
    const id = (await open(orders)).body.id;
    const reader = (await issueKey(registry.http, 'reader')).http;
    const refusals = [
      ['another team', await growth.post<{ error_code: number }>(`/incidents/${id}/ack`, {}), 403, 40301],
      ['ci', await ci.post<{ error_code: number }>(`/incidents/${id}/close`, { status: 'resolved' }), 403, 40301],
      [
        'reader',
        await reader.post<{ error_code: number }>('/incidents', { subject: 'x', title: 't', runbook: 'r' }),
        403,
        40301,
      ],
      ['no key', await registry.http.as(undefined).get<{ error_code: number }>('/incidents'), 401, 40101],
      ['another team opening', await open(growth), 403, 40301],
    ] as const;
    for (const [who, response, status, code] of refusals) {
      expect([who, response.status, (response.body as { error_code: number }).error_code]).toEqual([who, status, code]);
    }
    expect((await ci.get('/incidents')).status).toBe(200);
    expect((await auditRows(id)).filter((row) => row.outcome === 'denied').map((row) => row.action)).toEqual([
      'incident.ack',
    ]);
    expect((await orders.get<Incident>(`/incidents/${id}`)).body).toMatchObject({
      status: 'open',
      acknowledged_at: null,
    });
  });

  it('keeps every appended entry, in the order sent, over any split into requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), async (batches) => {
        const id = (await open(orders)).body.id;
        let counter = 0;
        for (const size of batches) {
          const entries = Array.from({ length: size }, () => entry('note', { n: counter++ }));
          expect((await orders.post(`/incidents/${id}/timeline`, { entries, severity: 'SEV-1' })).status).toBe(201);
          expect((await ci.get<Incident>(`/incidents/${id}`)).body.severity).toBe('SEV-1');
        }
        const timeline = (await ci.get<Incident>(`/incidents/${id}`)).body.timeline!;
        expect(timeline.map((item) => item.n)).toEqual(Array.from({ length: counter }, (_value, index) => index));
      }),
      { numRuns: 15 },
    );
  });
});
