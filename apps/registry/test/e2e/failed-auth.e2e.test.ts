import { signWebhook } from '@charter/notify';
import { sendRawRequest } from '@charter/testkit';
import { Client } from 'pg';
import { startTestRegistry, type TestRegistry } from '../../src/testing';

/**
 * Failed authentication as an attacker causes it: every kind audited (within a budget, then one summary row a
 * window), counted per key id and per client address across replicas (Redis), answered 429 with Retry-After beyond
 * the limits (20 per key id, 100 per address, per window), while the real key keeps working from elsewhere.
 */
const WINDOW_SECONDS = 6;
jest.setTimeout(60_000);
const SECRET = 'failed-auth-webhook-secret-0123456789';
const ATTACKER = '127.0.0.2';

let registry: TestRegistry;
let replica: TestRegistry;
let sql: Client;

beforeAll(async () => {
  const env = { CHARTER_AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS), CHARTER_WEBHOOK_SECRET: SECRET };
  registry = await startTestRegistry({ env });
  replica = await startTestRegistry({ env, database: registry.database, redis: registry.redis });
  sql = new Client({ connectionString: registry.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await replica?.close();
  await registry?.close();
});

const basic = (keyId: string, secret: string) => `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`;
const wrongSecret = () => `cs_${'W'.repeat(43)}`;

function get(target: TestRegistry, authorization: string | undefined, from?: string) {
  return sendRawRequest(target.url, {
    method: 'GET',
    path: '/subjects',
    headers: authorization === undefined ? {} : { authorization },
    ...(from ? { localAddress: from } : {}),
  });
}

async function auditRows(where: string): Promise<Array<Record<string, unknown>>> {
  return (
    await sql.query(
      `SELECT actor, actor_role, action, target, outcome, after FROM audit_log WHERE ${where} ORDER BY id`,
    )
  ).rows;
}

/** Polls `read` until it returns rows, or throws at the deadline saying what it waited for. */
async function waitForRows(read: () => Promise<unknown[]>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read();
    if (rows.length > 0) return rows;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The failures a summary row counts, over every key id and address. */
function countsOf(row: Record<string, unknown>): number {
  const counts = (row.after as { counts: Record<string, number> }).counts;
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** Waits for the next window to start, so a test's counts begin at zero. */
async function nextWindow(): Promise<void> {
  const windowMs = WINDOW_SECONDS * 1_000;
  await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 50));
}

describe('failed authentication', () => {
  it('is audited, whatever failed: no key, a wrong secret, a bad callback signature', async () => {
    await nextWindow();
    const { keyId } = registry.adminKey;
    expect((await get(registry, undefined)).status).toBe(401);
    expect((await get(registry, basic(keyId, wrongSecret()))).status).toBe(401);
    const callback = await sendRawRequest(registry.url, {
      method: 'POST',
      path: '/approvals/00000000-0000-4000-8000-000000000000/callback',
      headers: {
        'content-type': 'application/json',
        'charter-signature': signWebhook('not-the-secret-0123456789012345678', '{}', Math.floor(Date.now() / 1000)),
      },
      body: '{}',
    });
    expect(callback.status).toBe(401);
    expect(JSON.parse(callback.body)).toMatchObject({ error_code: 40102 });
    const rows = await auditRows(`actor_role = 'unauthenticated'`);
    expect(rows.map((row) => [row.actor, row.action, row.outcome])).toEqual([
      ['anonymous', 'auth.failed', 'denied'],
      [keyId, 'auth.failed', 'denied'],
      ['anonymous', 'callback.signature.failed', 'denied'],
    ]);
    expect(rows.every((row) => (row.after as { address: string }).address === '127.0.0.1')).toBe(true);
  });

  it('is throttled per key id and per address across replicas, while the real key keeps working', async () => {
    await nextWindow();
    const { keyId, secret } = registry.adminKey;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 150; attempt++) {
      const response = await get(attempt % 2 === 0 ? registry : replica, basic(keyId, wrongSecret()), ATTACKER);
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The real admin key, from its own address, is never held up by the attack.
      if (attempt % 25 === 0) expect((await get(replica, basic(keyId, secret))).status).toBe(200);
    }
    // The key id's 20 failures (shared by both replicas) are 401s; the rest 429.
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(130).fill(429));
    // Past 100 failures, the address itself is refused: even a valid key from it waits.
    const fromAttacker = await get(registry, basic(keyId, secret), ATTACKER);
    expect(fromAttacker.status).toBe(429);
    expect((await get(registry, basic(keyId, secret))).status).toBe(200);
  });

  it('audits a flood within a budget, summed up in one row when the window ends', async () => {
    await nextWindow();
    const started = new Date();
    await Promise.all(
      Array.from({ length: 8 }, (_, lane) =>
        (async () => {
          for (let i = 0; i < 40; i++)
            await get(registry, basic(`ck_${'0'.repeat(19)}${lane}`, wrongSecret()), `127.0.1.${lane + 1}`);
        })(),
      ),
    );
    // A slow machine may spread the flood over two windows: each window has its own budget and its own summary.
    const windowMs = WINDOW_SECONDS * 1_000;
    const windows = Math.floor(Date.now() / windowMs) - Math.floor(started.getTime() / windowMs) + 1;
    const since = started.toISOString();
    const individual = await auditRows(`action = 'auth.failed' AND at >= '${since}'`);
    expect(individual.length).toBeLessThanOrEqual(100 * windows);
    expect(individual.length).toBeGreaterThanOrEqual(100);
    const summary = (await waitForRows(
      async () => {
        const rows = await auditRows(`action = 'auth.failed.summary' AND at >= '${since}'`);
        const summed = rows.reduce((total, row) => total + countsOf(row), 0);
        return summed === 8 * 40 - individual.length ? rows : [];
      },
      WINDOW_SECONDS * 2_000 + 2_000,
      'the summary rows at the end of the window(s), counting every failure not audited on its own',
    )) as Array<Record<string, unknown>>;
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(windows);
  });
});
