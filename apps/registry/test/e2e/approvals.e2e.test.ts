import { signWebhook, verifyWebhook } from '@charter/notify';
import { startRecordingServer } from '@charter/testkit';
import { Client } from 'pg';
import {
  avroRecord,
  issueKey,
  type RegistryHttp,
  startTestRegistry,
  TEST_OWNERSHIP,
  type TestRegistry,
} from '../../src/testing';

const SECRET = 'test-webhook-secret-0123456789abcdef';
const SUBJECT = 'platform.approvals-value';
let registry: TestRegistry;
let receiver: Awaited<ReturnType<typeof startRecordingServer>>;
let receiverStatus = 200;
let platform: RegistryHttp;
let sql: Client;

beforeAll(async () => {
  receiver = await startRecordingServer(() => receiverStatus);
  registry = await startTestRegistry({
    env: {
      CHARTER_WEBHOOK_URL: receiver.url,
      CHARTER_WEBHOOK_SECRET: SECRET,
      CHARTER_WEBHOOK_MAX_ATTEMPTS: '2',
      CHARTER_APPROVAL_SWEEP_MS: '3600000',
    },
  });
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  platform = (await issueKey(registry.http, 'team:platform')).http;
  await platform.register(SUBJECT, avroRecord('A', [['a', 'int']]));
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await registry.close();
  await receiver.close();
});

let counter = 0;
/** A fresh approval for a distinct (incompatible) schema. */
async function requestApproval(ttlMinutes = 60): Promise<string> {
  counter += 1;
  const response = await platform.post<{ id: string }>('/approvals', {
    subject: SUBJECT,
    schema: JSON.stringify(avroRecord('A', [[`b${counter}`, 'string']])),
    reason: `test approval ${counter}`,
    ttlMinutes,
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

function signedCallback(id: string, body: Record<string, unknown>, options: { secret?: string; at?: number } = {}) {
  const text = JSON.stringify(body);
  const at = options.at ?? Math.floor(Date.now() / 1000);
  return registry.http.as(undefined).post<Record<string, unknown>>(`/approvals/${id}/callback`, text, {
    'content-type': 'application/json',
    'charter-signature': signWebhook(options.secret ?? SECRET, text, at),
  });
}

describe('approval state machine', () => {
  it('refuses bad requests with 422 and records nothing', async () => {
    const before = (await registry.http.get<unknown[]>('/approvals?limit=500')).body.length;
    const schema = JSON.stringify(avroRecord('A', [['z', 'string']]));
    for (const body of [
      { schema, reason: 'no subject' },
      { subject: SUBJECT, schema },
      { subject: SUBJECT, schema, reason: 'x' },
      { subject: SUBJECT, schema: '{not avro', reason: 'broken schema' },
      { subject: SUBJECT, schema, reason: 'forever', ttlMinutes: 10_000_000 },
      { subject: SUBJECT, schema, reason: 'fraction', ttlMinutes: 1.5 },
      [1, 2],
    ]) {
      expect([JSON.stringify(body), (await platform.post('/approvals', body)).status]).toEqual([
        JSON.stringify(body),
        422,
      ]);
    }
    expect((await registry.http.get<unknown[]>('/approvals?limit=500')).body).toHaveLength(before);
    expect((await registry.http.get('/approvals?state=pending')).status).toBe(422);
    expect((await registry.http.get('/approvals/not-a-uuid')).status).toBe(404);
  });

  it('allows requested → rejected, then nothing else', async () => {
    const id = await requestApproval();
    expect((await registry.http.post(`/approvals/${id}/reject`, { note: 'no' })).body).toMatchObject({
      state: 'rejected',
      decisionNote: 'no',
    });
    for (const action of ['approve', 'reject']) {
      expect((await registry.http.post(`/approvals/${id}/${action}`)).body).toMatchObject({ error_code: 40922 });
    }
  });

  it('expires a request past its time, records the escalation, and refuses decisions after it', async () => {
    const id = await requestApproval();
    await sql.query("UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    // Before the sweep marks it, a decision is already refused: the approval is past its time.
    expect((await registry.http.post(`/approvals/${id}/approve`)).status).toBe(409);
    await registry.registry.runtime.dispatcher.tick();
    const expired = await registry.http.get<{ state: string; events: Array<{ type: string }> }>(`/approvals/${id}`);
    expect(expired.body.state).toBe('expired');
    expect(expired.body.events.map((event) => event.type)).toEqual(['requested', 'expired', 'escalated']);
    expect((await registry.http.post(`/approvals/${id}/approve`)).body).toMatchObject({ error_code: 40922 });
    const audit = await registry.http.get<{ entries: Array<{ action: string; actor: string }> }>(
      `/audit?target=${id}&action=approval.expire`,
    );
    expect(audit.body.entries).toEqual([expect.objectContaining({ action: 'approval.expire', actor: 'system' })]);
  });

  it('does not let an approval of one schema cover another', async () => {
    const id = await requestApproval();
    expect((await registry.http.post(`/approvals/${id}/approve`)).status).toBe(200);
    const other = await platform.register(SUBJECT, avroRecord('A', [['something_else', 'string']]));
    expect(other.status).toBe(409);
  });
});

describe('approval webhooks', () => {
  it('delivers every event once, signed over the exact body', async () => {
    receiverStatus = 200;
    receiver.requests.length = 0;
    const id = await requestApproval();
    await registry.http.post(`/approvals/${id}/approve`);
    await registry.registry.runtime.dispatcher.tick();
    await registry.registry.runtime.dispatcher.tick();
    const mine = receiver.requests.filter((request) => JSON.parse(request.body).approvalId === id);
    expect(mine.map((request) => JSON.parse(request.body).type)).toEqual(['approval.requested', 'approval.approved']);
    for (const request of mine) {
      const check = verifyWebhook(
        SECRET,
        request.headers['charter-signature'] as string,
        request.body,
        Math.floor(Date.now() / 1000),
        300,
      );
      expect(check.valid).toBe(true);
      expect(request.headers['charter-event-id']).toBe(JSON.parse(request.body).id);
    }
  });

  it('retries a failing receiver with backoff, then keeps the event as failed after the last attempt', async () => {
    receiverStatus = 500;
    receiver.requests.length = 0;
    const id = await requestApproval();
    await registry.registry.runtime.dispatcher.tick();
    expect(receiver.requests).toHaveLength(1);
    await registry.registry.runtime.dispatcher.tick(); // backoff: not due yet
    expect(receiver.requests).toHaveLength(1);
    await sql.query('UPDATE approval_events SET next_attempt_at = now() WHERE approval_id = $1', [id]);
    await registry.registry.runtime.dispatcher.tick();
    expect(receiver.requests).toHaveLength(2);
    const { rows } = await sql.query(
      'SELECT attempts, failed_at IS NOT NULL AS failed, last_error FROM approval_events WHERE approval_id = $1',
      [id],
    );
    expect(rows).toEqual([{ attempts: 2, failed: true, last_error: 'HTTP 500' }]);
    receiverStatus = 200;
  });
});

describe('signed approval callbacks', () => {
  it('applies a correctly signed decision once; a replay answers the same and changes nothing', async () => {
    const id = await requestApproval();
    const body = { eventId: `slack-${id}`, decision: 'approve', approver: { user: 'farah', admin: true } };
    const first = await signedCallback(id, body);
    expect(first).toMatchObject({ status: 200, body: { replayed: false, approval: { state: 'approved' } } });
    const replay = await signedCallback(id, body);
    expect(replay).toMatchObject({ status: 200, body: { replayed: true, approval: { state: 'approved' } } });
    const audit = await registry.http.get<{ entries: unknown[] }>(`/audit?target=${id}&action=approval.approve`);
    expect(audit.body.entries).toHaveLength(1);
  });

  it('refuses forged, stale, missing and tampered signatures with 401 (40102), changing nothing', async () => {
    const id = await requestApproval();
    const body = { eventId: `forged-${id}`, decision: 'approve', approver: { user: 'mallory', admin: true } };
    const text = JSON.stringify(body);
    const attempts = [
      () => signedCallback(id, body, { secret: 'not-the-secret-not-the-secret-not-the' }),
      () => signedCallback(id, body, { at: Math.floor(Date.now() / 1000) - 3_600 }),
      () => registry.http.as(undefined).post(`/approvals/${id}/callback`, text, { 'content-type': 'application/json' }),
      () =>
        registry.http.as(undefined).post(`/approvals/${id}/callback`, text.replace('approve', 'reject'), {
          'content-type': 'application/json',
          'charter-signature': signWebhook(SECRET, text, Math.floor(Date.now() / 1000)),
        }),
    ];
    for (const attempt of attempts) {
      expect((await attempt()).body).toMatchObject({ error_code: 40102 });
    }
    expect((await registry.http.get(`/approvals/${id}`)).body).toMatchObject({ state: 'requested' });
  });

  it('holds signed decisions to the same rules: the requesting team cannot approve itself', async () => {
    const id = await requestApproval();
    const refused = await signedCallback(id, {
      eventId: `self-${id}`,
      decision: 'approve',
      approver: { user: 'edsger', team: 'platform' },
    });
    expect(refused.status).toBe(403);
    const malformed = await signedCallback(id, { eventId: 'x y', decision: 'maybe', approver: {} });
    expect(malformed.status).toBe(422);
  });
});

describe('the audit log', () => {
  it('is append-only in the database itself', async () => {
    await expect(sql.query("UPDATE audit_log SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('the team owning a subject never approves its exception', () => {
  it('even when its contract lists it as a consumer and a ci key filed the request', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const contract = readFileSync(path.resolve(__dirname, '../../../../contracts/orders/contract.odcs.yaml'), 'utf8')
      .replace('id: orders', 'id: selfish')
      .replace('url: subjects/orders-value', 'url: subjects/orders-selfish-value')
      .replace('team: analytics', 'team: orders');
    const published = await registry.http.put('/contracts/selfish', contract, { 'content-type': 'application/yaml' });
    expect(published.status).toBe(201);
    const ci = (await issueKey(registry.http, 'ci')).http;
    const orders = (await issueKey(registry.http, 'team:orders')).http;
    const fulfilment = (await issueKey(registry.http, 'team:fulfilment')).http;
    const filed = await ci.post<{ id: string; approverTeams: string[] }>('/approvals', {
      subject: 'orders-selfish-value',
      schema: JSON.stringify(avroRecord('S', [['a', 'int']])),
      reason: 'filed by ci for the orders team',
    });
    expect(filed.status).toBe(201);
    expect(filed.body.approverTeams).toEqual(['fulfilment']);
    const selfApproved = await orders.post(`/approvals/${filed.body.id}/approve`, { note: 'mine' });
    expect(selfApproved).toMatchObject({ status: 403, body: { error_code: 40301 } });
    expect((selfApproved.body as { message: string }).message).toContain('owns the subject');
    expect((await fulfilment.post(`/approvals/${filed.body.id}/approve`, { note: 'ok' })).status).toBe(200);
  });

  it('audits a team asking for an approval on a subject it does not own', async () => {
    const growth = (await issueKey(registry.http, 'team:growth')).http;
    const refused = await growth.post('/approvals', {
      subject: SUBJECT,
      schema: JSON.stringify(avroRecord('A', [['g', 'int']])),
      reason: 'not my subject',
    });
    expect(refused.status).toBe(403);
    const audit = await registry.http.get<{ entries: Array<{ action: string; outcome: string; requestId: string }> }>(
      `/audit?target=${SUBJECT}&outcome=denied`,
    );
    expect(audit.body.entries.filter((entry) => entry.requestId === refused.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ action: 'approval.request', outcome: 'denied' }),
    ]);
  });
});
