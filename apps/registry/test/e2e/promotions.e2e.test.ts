// Promotion approvals (POST /approvals with a `promotion`) and the audit trail by promotion id (X-Charter-Promotion),
// over HTTP against a real registry, Postgres and Redis.
//
// Bad inputs tried (each a 4xx with its code, nothing recorded): a body that is not an object; `promotion` null, a
// string, an array; unknown fields at the top (`subject`, `schema` next to `promotion`), in the promotion and in a
// step; a missing or malformed id (not a UUID), from/to (upper case, empty, too long, equal to each other), digest
// (no `sha256:` prefix, upper-case hex, too short, not the steps' digest); steps missing, empty, 10 001 long, not an array; a step with an
// unknown kind, no kind, a subject with a control character / reserved name / over 1 024 characters, version 0,
// -1, 1.5, "3", id 0, fingerprint of 63 characters or upper case, a contract id with `/`, a contract version that
// is not semver; the same step twice; reason too short, ttlMinutes 0 and fractional; a header that names another
// promotion than the body. Lists: kind=other, promotion=not-a-uuid. Audit: promotion=not-a-uuid. Header
// X-Charter-Promotion: empty, not a UUID, a UUID with trailing text, sent twice.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

const CONTRACT = readFileSync(path.resolve(__dirname, '../../../../contracts/orders/contract.odcs.yaml'), 'utf8');
const ORDERS_V3 = readFileSync(
  path.resolve(__dirname, '../../../../contracts/orders/schemas/orders-value/v3.avsc'),
  'utf8',
);
const SECRET = 'promotion-webhook-secret-0123456789abcdef';
const ORDERS_SUBJECT = 'orders-promo-value';
const GROWTH_SUBJECT = 'user-events-promo-value';
const FINGERPRINT = 'a'.repeat(64);

interface Promotion {
  id: string;
  from: string;
  to: string;
  digest: string;
  stepCount: number;
  steps?: Array<Record<string, unknown>>;
}
interface Approval {
  id: string;
  kind: string;
  subject: string | null;
  fingerprint: string | null;
  promotion: Promotion | null;
  state: string;
  approverTeams: string[];
  requestedBy: string;
  events?: Array<{ type: string }>;
}
interface AuditEntry {
  action: string;
  target: string;
  outcome: string;
  promotionId: string | null;
}

let registry: TestRegistry;
let receiver: Awaited<ReturnType<typeof startRecordingServer>>;
let sql: Client;
let orders: RegistryHttp;
let ordersOther: RegistryHttp;
let growth: RegistryHttp;
let analytics: RegistryHttp;
let ci: RegistryHttp;
let admin2: RegistryHttp;

beforeAll(async () => {
  receiver = await startRecordingServer(() => 200);
  registry = await startTestRegistry({
    env: {
      CHARTER_WEBHOOK_URL: receiver.url,
      CHARTER_WEBHOOK_SECRET: SECRET,
      CHARTER_APPROVAL_SWEEP_MS: '3600000',
    },
  });
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  orders = (await issueKey(registry.http, 'team:orders')).http;
  ordersOther = (await issueKey(registry.http, 'team:orders', 'orders second key')).http;
  growth = (await issueKey(registry.http, 'team:growth')).http;
  analytics = (await issueKey(registry.http, 'team:analytics')).http;
  ci = (await issueKey(registry.http, 'ci')).http;
  admin2 = (await issueKey(registry.http, 'admin', 'second admin')).http;
  expect((await orders.register(ORDERS_SUBJECT, avroRecord('O', [['a', 'int']]))).status).toBe(200);
  expect((await growth.register(GROWTH_SUBJECT, avroRecord('G', [['a', 'int']]))).status).toBe(200);
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await registry.close();
  await receiver.close();
});

const schemaStep = (subject: string, version = 2, id = 100, fingerprint = FINGERPRINT) => ({
  kind: 'schema',
  subject,
  version,
  id,
  fingerprint,
});
const contractStep = { kind: 'contract', contract: 'orders', version: '3.1.0' };

/** The documented digest: SHA-256 of the JSON of { from, to, steps } (the helpers write step fields in its order). */
function digestOf(from: string, to: string, steps: unknown[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify({ from, to, steps })).digest('hex')}`;
}

function plan(steps: unknown[], id: string = crypto.randomUUID()) {
  return { id, from: 'staging', to: 'prod', digest: digestOf('staging', 'prod', steps), steps };
}

function requestPromotion(as: RegistryHttp, promotion: unknown, extra: Record<string, unknown> = {}) {
  return as.post<Approval & { error_code?: number }>('/approvals', {
    promotion,
    reason: 'promote the orders plan',
    ...extra,
  });
}

async function countApprovals(): Promise<number> {
  return Number((await sql.query('SELECT count(*) AS n FROM approvals')).rows[0].n);
}

describe('requesting a promotion approval', () => {
  it('records an admin request with its plan, decided by the teams owning its subjects', async () => {
    const promotion = plan([schemaStep(ORDERS_SUBJECT), schemaStep(GROWTH_SUBJECT, 2, 101), contractStep]);
    const created = await requestPromotion(registry.http, promotion);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'promotion',
      subject: null,
      fingerprint: null,
      state: 'requested',
      approverTeams: ['growth', 'orders'],
      promotion: { ...promotion, stepCount: 3 },
    });
    const shown = await registry.http.get<Approval>(`/approvals/${created.body.id}`);
    expect(shown.body.promotion?.steps).toEqual(promotion.steps);
    expect(shown.body.events?.map((event) => event.type)).toEqual(['requested']);
    // Lists carry the summary, not the steps.
    const listed = await registry.http.get<Approval[]>(`/approvals?promotion=${promotion.id}`);
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: created.body.id,
        promotion: { id: promotion.id, from: 'staging', to: 'prod', digest: promotion.digest, stepCount: 3 },
      }),
    ]);
  });

  it('lets a team ask for a plan of its own subjects, and refuses other subjects, ci and reader keys', async () => {
    const own = await requestPromotion(orders, plan([schemaStep(ORDERS_SUBJECT), contractStep]));
    expect(own.status).toBe(201);
    // Nobody but the orders team owns its subjects: only admins decide.
    expect(own.body.approverTeams).toEqual([]);

    const reader = (await issueKey(registry.http, 'reader')).http;
    const before = await countApprovals();
    const mixed = plan([schemaStep(ORDERS_SUBJECT), schemaStep(GROWTH_SUBJECT)]);
    const unowned = plan([schemaStep('nobody-owns-this-value')]);
    for (const [as, promotion] of [
      [orders, mixed],
      [orders, unowned],
      [ci, plan([schemaStep(ORDERS_SUBJECT)])],
      [reader, plan([schemaStep(ORDERS_SUBJECT)])],
    ] as const) {
      const refused = await requestPromotion(as, promotion);
      expect([refused.status, refused.body.error_code]).toEqual([403, 40301]);
    }
    expect(await countApprovals()).toBe(before);
    const denied = await registry.http.get<{ entries: AuditEntry[] }>(`/audit?promotion=${mixed.id}`);
    expect(denied.body.entries).toEqual([
      expect.objectContaining({ action: 'approval.request', outcome: 'denied', promotionId: mixed.id }),
    ]);
  });

  it('answers a repeated request with the approval it has; a changed or rejected plan gets a new one', async () => {
    const promotion = plan([schemaStep(ORDERS_SUBJECT)]);
    const first = await requestPromotion(orders, promotion);
    expect(first.status).toBe(201);
    const before = await countApprovals();
    const again = await requestPromotion(orders, promotion);
    expect([again.status, again.body.id, again.body.promotion?.steps]).toEqual([200, first.body.id, promotion.steps]);
    expect(await countApprovals()).toBe(before);
    // Approved: still the same one.
    expect((await registry.http.post(`/approvals/${first.body.id}/approve`)).status).toBe(200);
    expect((await requestPromotion(orders, promotion)).body).toMatchObject({ id: first.body.id, state: 'approved' });
    // The plan changed (another digest): an approval of its own.
    const changed = plan([schemaStep(ORDERS_SUBJECT), schemaStep(ORDERS_SUBJECT, 3, 102)], promotion.id);
    const second = await requestPromotion(orders, changed);
    expect(second.status).toBe(201);
    expect((await registry.http.post(`/approvals/${second.body.id}/reject`, { note: 'not today' })).status).toBe(200);
    const third = await requestPromotion(orders, changed);
    expect(third.status).toBe(201);
    const all = await registry.http.get<Approval[]>(`/approvals?promotion=${promotion.id.toUpperCase()}`);
    expect(all.body.map((approval) => [approval.id, approval.state])).toEqual([
      [third.body.id, 'requested'],
      [second.body.id, 'rejected'],
      [first.body.id, 'approved'],
    ]);
  });

  it('makes one approval of a plan requested many times at once', async () => {
    const promotion = plan([schemaStep(GROWTH_SUBJECT), contractStep]);
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestPromotion(registry.http, promotion)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect((await registry.http.get<Approval[]>(`/approvals?promotion=${promotion.id}`)).body).toHaveLength(1);
  });

  it('checks the digest against the steps, whatever order their fields come in', async () => {
    const steps = [schemaStep(GROWTH_SUBJECT), contractStep];
    const reordered = {
      ...plan(steps),
      steps: [{ fingerprint: FINGERPRINT, id: 100, version: 2, subject: GROWTH_SUBJECT, kind: 'schema' }, contractStep],
    };
    expect((await requestPromotion(registry.http, reordered)).status).toBe(201);
    for (const digest of [digestOf('staging', 'prod', [contractStep]), digestOf('dev', 'prod', steps)]) {
      const wrong = await requestPromotion(registry.http, { ...plan(steps), digest });
      expect([wrong.status, wrong.body.error_code]).toEqual([422, 42250]);
    }
  });

  it('audits the request and every decision with the promotion id, with or without the header', async () => {
    const promotion = plan([schemaStep(GROWTH_SUBJECT)]);
    const created = await requestPromotion(registry.http, promotion);
    expect((await growth.post(`/approvals/${created.body.id}/approve`)).status).toBe(200);
    const trail = await registry.http.get<{ entries: AuditEntry[] }>(`/audit?promotion=${promotion.id}`);
    expect(trail.body.entries.map((entry) => entry.action)).toEqual(['approval.approve', 'approval.request']);
    const otherHeader = await registry.http.post<{ error_code: number }>(
      '/approvals',
      { promotion: plan([schemaStep(GROWTH_SUBJECT)]), reason: 'header and body disagree' },
      { 'x-charter-promotion': crypto.randomUUID() },
    );
    expect([otherHeader.status, otherHeader.body.error_code]).toEqual([422, 42250]);
  });
});

describe('deciding a promotion approval', () => {
  it('never lets the requesting key or its team decide; admins and the other owning teams do', async () => {
    const byAdmin = await requestPromotion(
      registry.http,
      plan([schemaStep(ORDERS_SUBJECT), schemaStep(GROWTH_SUBJECT)]),
    );
    expect((await registry.http.post(`/approvals/${byAdmin.body.id}/approve`)).body).toMatchObject({
      error_code: 40301,
    });
    expect((await analytics.post(`/approvals/${byAdmin.body.id}/approve`)).status).toBe(403);
    expect((await growth.post(`/approvals/${byAdmin.body.id}/approve`, { note: 'fine by growth' })).body).toMatchObject(
      { state: 'approved', decisionNote: 'fine by growth', kind: 'promotion' },
    );

    const byOrders = await requestPromotion(orders, plan([schemaStep(ORDERS_SUBJECT), contractStep]));
    for (const as of [orders, ordersOther, growth, ci]) {
      expect((await as.post(`/approvals/${byOrders.body.id}/approve`)).status).toBe(403);
    }
    expect((await admin2.post(`/approvals/${byOrders.body.id}/reject`)).body).toMatchObject({ state: 'rejected' });
    expect((await registry.http.post(`/approvals/${byOrders.body.id}/approve`)).body).toMatchObject({
      error_code: 40922,
    });
  });

  it('expires with an escalation, and its webhooks name the promotion without its steps', async () => {
    receiver.requests.length = 0;
    const promotion = plan([schemaStep(GROWTH_SUBJECT)]);
    const { body } = await requestPromotion(registry.http, promotion, { ttlMinutes: 5 });
    await sql.query("UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = $1", [body.id]);
    expect((await growth.post(`/approvals/${body.id}/approve`)).status).toBe(409);
    await registry.registry.runtime.dispatcher.tick();
    await registry.registry.runtime.dispatcher.tick();
    const expired = await registry.http.get<Approval>(`/approvals/${body.id}`);
    expect(expired.body.state).toBe('expired');
    expect(expired.body.events?.map((event) => event.type)).toEqual(['requested', 'expired', 'escalated']);
    const delivered = receiver.requests
      .map((request) => JSON.parse(request.body) as { type: string; approvalId: string; data: Record<string, unknown> })
      .filter((event) => event.approvalId === body.id);
    expect(delivered.map((event) => event.type)).toEqual([
      'approval.requested',
      'approval.expired',
      'approval.escalated',
    ]);
    for (const event of delivered) {
      expect(event.data).toMatchObject({
        kind: 'promotion',
        promotion: { id: promotion.id, from: 'staging', to: 'prod', digest: promotion.digest, stepCount: 1 },
      });
      expect(JSON.stringify(event.data)).not.toContain('steps');
    }
    // Expired: the promotion may ask again.
    expect((await requestPromotion(registry.http, promotion)).status).toBe(201);
  });

  it('does not let an approved promotion through a registration its policy refuses', async () => {
    const incompatible = avroRecord('O', [['a', 'string']]);
    // An exception request (left undecided) gives the fingerprint the registration will have.
    const exception = await orders.post<Approval>('/approvals', {
      subject: ORDERS_SUBJECT,
      schema: JSON.stringify(incompatible),
      reason: 'only to learn the fingerprint',
    });
    const fingerprint = exception.body.fingerprint!;
    const promotion = await requestPromotion(orders, plan([schemaStep(ORDERS_SUBJECT, 2, 100, fingerprint)]));
    expect((await registry.http.post(`/approvals/${promotion.body.id}/approve`)).body).toMatchObject({
      state: 'approved',
    });
    const refused = await orders.register(ORDERS_SUBJECT, incompatible);
    expect([refused.status, refused.body.error_code]).toEqual([409, 40901]);
    // The exception, once approved, does.
    expect((await registry.http.post(`/approvals/${exception.body.id}/approve`)).status).toBe(200);
    expect((await orders.register(ORDERS_SUBJECT, incompatible)).status).toBe(200);
  });
});

describe('listing approvals', () => {
  it('filters by kind and promotion id, and refuses unknown values', async () => {
    const promotions = await registry.http.get<Approval[]>('/approvals?kind=promotion&limit=500');
    expect(promotions.body.length).toBeGreaterThan(0);
    expect(new Set(promotions.body.map((approval) => approval.kind))).toEqual(new Set(['promotion']));
    const exceptions = await registry.http.get<Approval[]>('/approvals?kind=exception&limit=500');
    expect(exceptions.body.length).toBeGreaterThan(0);
    for (const approval of exceptions.body) {
      expect([approval.kind, approval.promotion, typeof approval.subject]).toEqual(['exception', null, 'string']);
    }
    const all = await registry.http.get<Approval[]>('/approvals?limit=500');
    expect(all.body).toHaveLength(promotions.body.length + exceptions.body.length);
    expect((await registry.http.get<Approval[]>(`/approvals?promotion=${crypto.randomUUID()}`)).body).toEqual([]);
    for (const query of ['kind=other', 'promotion=not-a-uuid', 'promotion=']) {
      expect([query, (await registry.http.get(`/approvals?${query}`)).status]).toEqual([query, 422]);
    }
  });

  it('reads rows written before promotions existed as exceptions', async () => {
    const id = crypto.randomUUID();
    await sql.query(
      `INSERT INTO approvals (id, subject, fingerprint, reason, state, requested_by, approver_teams, expires_at)
       VALUES ($1, $2, $3, 'an old row', 'requested', 'someone', '{}', now() + interval '1 hour')`,
      [id, ORDERS_SUBJECT, FINGERPRINT],
    );
    expect((await registry.http.get<Approval>(`/approvals/${id}`)).body).toMatchObject({
      kind: 'exception',
      subject: ORDERS_SUBJECT,
      promotion: null,
    });
  });
});

describe('audit by promotion id', () => {
  it('tags every write sent with X-Charter-Promotion, registrations in IMPORT mode and contracts included', async () => {
    const promotionId = crypto.randomUUID();
    const header = { 'x-charter-promotion': promotionId.toUpperCase() };
    const imported = 'orders-imported-value';
    const http = registry.http;
    expect((await http.put(`/mode/${imported}`, { mode: 'IMPORT' }, header)).status).toBe(200);
    expect((await http.put(`/config/${imported}`, { compatibility: 'NONE' }, header)).status).toBe(200);
    const schema = JSON.stringify(avroRecord('Imported', [['a', 'int']]));
    expect(
      (await http.post(`/subjects/${imported}/versions`, { schema, id: 7001, version: 4 }, header)).body,
    ).toMatchObject({ id: 7001, version: 4 });
    expect((await http.post('/subjects/orders-value/versions', { schema: ORDERS_V3 }, header)).status).toBe(200);
    const published = await http.put('/contracts/orders', CONTRACT, { ...header, 'content-type': 'application/yaml' });
    expect(published.status).toBe(201);
    // A write without the header is not part of it.
    expect((await http.put(`/config/${imported}`, { compatibility: 'BACKWARD' })).status).toBe(200);

    const trail = await http.get<{ entries: AuditEntry[] }>(`/audit?promotion=${promotionId}`);
    expect(trail.body.entries.map((entry) => [entry.action, entry.target, entry.promotionId]).reverse()).toEqual([
      ['mode.update', imported, promotionId],
      ['config.update', imported, promotionId],
      ['subject.register', imported, promotionId],
      ['subject.register', 'orders-value', promotionId],
      ['contract.put', 'orders', promotionId],
    ]);
    const narrowed = await http.get<{ entries: AuditEntry[] }>(`/audit?promotion=${promotionId}&action=contract.put`);
    expect(narrowed.body.entries).toHaveLength(1);
    expect((await http.get('/audit?promotion=not-a-uuid')).status).toBe(422);
  });

  it('tags a refused write too', async () => {
    const promotionId = crypto.randomUUID();
    const refused = await growth.post(
      `/subjects/${ORDERS_SUBJECT}/versions`,
      { schema: JSON.stringify(avroRecord('O', [['a', 'int']])) },
      { 'x-charter-promotion': promotionId },
    );
    expect(refused.status).toBe(403);
    const trail = await registry.http.get<{ entries: AuditEntry[] }>(`/audit?promotion=${promotionId}`);
    expect(trail.body.entries).toEqual([expect.objectContaining({ outcome: 'denied', target: ORDERS_SUBJECT })]);
  });

  it('refuses a malformed header with 400 and 40050 before anything is written', async () => {
    const subject = 'orders-bad-header-value';
    const schema = JSON.stringify(avroRecord('B', [['a', 'int']]));
    const uuid = crypto.randomUUID();
    for (const value of ['', 'not-a-uuid', `${uuid}x`, `${uuid}, ${uuid}`, '{00000000-0000-0000-0000-000000000000}']) {
      const response = await registry.http.post<{ error_code: number }>(
        `/subjects/${subject}/versions`,
        { schema },
        { 'x-charter-promotion': value },
      );
      expect([value, response.status, response.body.error_code]).toEqual([value, 400, 40050]);
    }
    const twice = await fetch(`${registry.url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: [
        ['authorization', registry.admin],
        ['content-type', 'application/json'],
        ['x-charter-promotion', uuid],
        ['x-charter-promotion', uuid],
      ],
      body: JSON.stringify({ schema }),
    });
    expect(twice.status).toBe(400);
    expect((await registry.http.get(`/subjects/${subject}/versions`)).status).toBe(404);
  });
});

describe('bad promotion requests', () => {
  const ok = () => plan([schemaStep(ORDERS_SUBJECT)]);
  const withStep = (step: Record<string, unknown>) => plan([step]);
  const cases: Array<[name: string, body: unknown, status: number, code: number]> = [
    ['promotion null', { promotion: null, reason: 'a reason' }, 422, 42250],
    ['promotion a string', { promotion: 'x', reason: 'a reason' }, 422, 42250],
    ['promotion an array', { promotion: [ok()], reason: 'a reason' }, 422, 42250],
    ['subject next to it', { promotion: ok(), subject: ORDERS_SUBJECT, reason: 'a reason' }, 422, 42250],
    ['schema next to it', { promotion: ok(), schema: '"string"', reason: 'a reason' }, 422, 42250],
    ['unknown promotion field', { promotion: { ...ok(), extra: 1 }, reason: 'a reason' }, 422, 42250],
    ['no id', { promotion: { ...ok(), id: undefined }, reason: 'a reason' }, 422, 42250],
    ['id not a uuid', { promotion: { ...ok(), id: 'promo-1' }, reason: 'a reason' }, 422, 42250],
    ['from upper case', { promotion: { ...ok(), from: 'Staging' }, reason: 'a reason' }, 422, 42250],
    ['to empty', { promotion: { ...ok(), to: '' }, reason: 'a reason' }, 422, 42250],
    ['to too long', { promotion: { ...ok(), to: `p${'r'.repeat(63)}` }, reason: 'a reason' }, 422, 42250],
    ['from equals to', { promotion: { ...ok(), to: 'staging' }, reason: 'a reason' }, 422, 42250],
    ['digest without prefix', { promotion: { ...ok(), digest: ok().digest.slice(7) }, reason: 'r r' }, 422, 42250],
    ['digest upper case', { promotion: { ...ok(), digest: `sha256:${'B'.repeat(64)}` }, reason: 'r r' }, 422, 42250],
    ['digest short', { promotion: { ...ok(), digest: `sha256:${'b'.repeat(63)}` }, reason: 'r r' }, 422, 42250],
    ['no steps', { promotion: { ...ok(), steps: undefined }, reason: 'a reason' }, 422, 42250],
    ['empty steps', { promotion: plan([]), reason: 'a reason' }, 422, 42250],
    ['steps an object', { promotion: { ...ok(), steps: {} }, reason: 'a reason' }, 422, 42250],
    [
      '10 001 steps',
      { promotion: plan(Array.from({ length: 10_001 }, (_, i) => schemaStep(ORDERS_SUBJECT, i + 1))), reason: 'r r' },
      422,
      42250,
    ],
    ['unknown step kind', { promotion: withStep({ kind: 'topic', name: 'x' }), reason: 'a reason' }, 422, 42250],
    ['step without kind', { promotion: withStep({ subject: ORDERS_SUBJECT }), reason: 'a reason' }, 422, 42250],
    ['unknown step field', { promotion: withStep({ ...schemaStep(ORDERS_SUBJECT), x: 1 }), reason: 'r r' }, 422, 42250],
    ['control character', { promotion: withStep(schemaStep('orders-\u0001')), reason: 'a reason' }, 422, 42250],
    ['reserved subject', { promotion: withStep(schemaStep('__GLOBAL')), reason: 'a reason' }, 422, 42250],
    ['subject too long', { promotion: withStep(schemaStep(`orders-${'x'.repeat(1_100)}`)), reason: 'r r' }, 422, 42250],
    ['version 0', { promotion: withStep(schemaStep(ORDERS_SUBJECT, 0)), reason: 'a reason' }, 422, 42250],
    ['version -1', { promotion: withStep(schemaStep(ORDERS_SUBJECT, -1)), reason: 'a reason' }, 422, 42250],
    ['version 1.5', { promotion: withStep(schemaStep(ORDERS_SUBJECT, 1.5)), reason: 'a reason' }, 422, 42250],
    [
      'version as text',
      { promotion: withStep({ ...schemaStep(ORDERS_SUBJECT), version: '3' }), reason: 'a reason' },
      422,
      42250,
    ],
    ['id 0', { promotion: withStep(schemaStep(ORDERS_SUBJECT, 1, 0)), reason: 'a reason' }, 422, 42250],
    [
      'fingerprint 63',
      { promotion: withStep(schemaStep(ORDERS_SUBJECT, 1, 1, 'a'.repeat(63))), reason: 'a reason' },
      422,
      42250,
    ],
    [
      'fingerprint upper case',
      { promotion: withStep(schemaStep(ORDERS_SUBJECT, 1, 1, 'A'.repeat(64))), reason: 'a reason' },
      422,
      42250,
    ],
    ['contract with /', { promotion: withStep({ ...contractStep, contract: 'a/b' }), reason: 'r r' }, 422, 42250],
    ['contract not semver', { promotion: withStep({ ...contractStep, version: '3.1' }), reason: 'r r' }, 422, 42250],
    [
      'the same step twice',
      { promotion: plan([schemaStep(ORDERS_SUBJECT), schemaStep(ORDERS_SUBJECT)]), reason: 'a reason' },
      422,
      42250,
    ],
    ['reason too short', { promotion: ok(), reason: 'x' }, 422, 422],
    ['ttlMinutes 0', { promotion: ok(), reason: 'a reason', ttlMinutes: 0 }, 422, 422],
    ['ttlMinutes 1.5', { promotion: ok(), reason: 'a reason', ttlMinutes: 1.5 }, 422, 422],
  ];

  it.each(cases)('refuses %s and records nothing', async (_name, body, status, code) => {
    const before = await countApprovals();
    const response = await registry.http.post<{ error_code: number; message: string }>('/approvals', body);
    expect([response.status, response.body.error_code]).toEqual([status, code]);
    expect(response.body.message.length).toBeGreaterThan(10);
    expect(await countApprovals()).toBe(before);
  });

  it('names the field at fault', async () => {
    const response = await registry.http.post<{ message: string }>('/approvals', {
      promotion: plan([schemaStep(ORDERS_SUBJECT), { ...schemaStep(ORDERS_SUBJECT, 3), fingerprint: 'nope' }]),
      reason: 'a reason',
    });
    expect(response.body.message).toContain('promotion.steps[1].fingerprint');
  });
});
