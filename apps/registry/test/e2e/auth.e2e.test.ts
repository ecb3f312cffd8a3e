import { Writable } from 'node:stream';
import pino from 'pino';
import { ROUTE_ACCESS } from '../../src/auth/access-policy';
import { avroRecord, issueKey, startTestRegistry, TEST_OWNERSHIP, type TestRegistry } from '../../src/testing';
import { eventually } from '../support/eventually';

const logLines: string[] = [];
let registry: TestRegistry;

beforeAll(async () => {
  // Everything the registry logs, at the most verbose level and with every request logged, is kept for the test
  // that checks no secret ever reaches a log.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  registry = await startTestRegistry({ env: { CHARTER_ACCESS_LOG: 'all' }, logger: pino({ level: 'trace' }, sink) });
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
});
afterAll(() => registry.close());

describe('authentication', () => {
  it('names every served route in the access table, and nothing else', () => {
    const served = registry.registry.routes.map((route) => route.replace(/\{(\w+)\}/g, ':$1'));
    expect([...served].sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it('refuses a request without a key with 401, 40101 and a Basic challenge; probes and docs stay open', async () => {
    const anonymous = registry.http.as(undefined);
    for (const path of ['/subjects', '/schemas/ids/1', '/subjects/x/versions/latest', '/config', '/contracts']) {
      const response = await anonymous.get(path);
      expect([path, response.status, (response.body as { error_code: number }).error_code]).toEqual([path, 401, 40101]);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Charter"/);
    }
    for (const path of ['/health', '/ready', '/metrics', '/openapi.json']) {
      expect([path, (await anonymous.get(path)).status]).toEqual([path, 200]);
    }
    // HEAD answers what GET would (status, length): it is held to the same rule.
    expect((await anonymous.request('HEAD', '/subjects/orders-value/versions/latest')).status).toBe(401);
    expect((await anonymous.request('HEAD', '/health')).status).toBe(200);
  });

  it('refuses malformed, unknown and wrong credentials alike, and writes nothing', async () => {
    const { key } = await issueKey(registry.http, 'admin', 'second admin');
    const headers = [
      'Basic bm90LWEta2V5', // "not-a-key"
      'Digest abc',
      `Basic ${Buffer.from(`${key.id}:cs_${'A'.repeat(43)}`).toString('base64')}`, // right id, wrong secret
      `Bearer ck_${'0'.repeat(20)}.${key.secret}`, // unknown id
    ];
    for (const authorization of headers) {
      const response = await registry.http
        .as(undefined)
        .post('/subjects/auth-probe-value/versions', { schema: '"string"' }, { authorization });
      expect(response.status).toBe(401);
    }
    expect((await registry.http.get('/subjects/auth-probe-value/versions')).status).toBe(404);
  });

  it('tells a key who it is (GET /whoami), for the other services', async () => {
    const { key, http } = await issueKey(registry.http, 'team:orders');
    expect((await http.get('/whoami')).body).toEqual({ keyId: key.id, role: 'team:orders', team: 'orders' });
    expect((await registry.http.as(undefined).get('/whoami')).status).toBe(401);
  });

  it('takes the same key as Basic and as Bearer', async () => {
    const { key } = await issueKey(registry.http, 'reader');
    const bearer = await registry.http.as(undefined).get('/subjects', { authorization: `Bearer ${key.token}` });
    const basic = await registry.http.as({ keyId: key.id, secret: key.secret }).get('/subjects');
    expect([bearer.status, basic.status]).toEqual([200, 200]);
  });
});

describe('roles and ownership', () => {
  it('lets a team write its own subjects and refuses another team’s with 403, writing nothing', async () => {
    const { http: orders } = await issueKey(registry.http, 'team:orders');
    expect((await orders.register('orders-value', avroRecord('Order', [['id', 'string']]))).status).toBe(200);
    expect((await orders.put('/config/orders-value', { compatibility: 'FULL' })).status).toBe(200);

    const refused = await orders.register('user-events-value', avroRecord('U', [['id', 'string']]));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error_code: 40301 });
    expect(refused.body.message).toContain('owned by team growth');
    expect((await registry.http.get('/subjects/user-events-value/versions')).status).toBe(404);
    const attempts = [
      () => orders.put('/config/user-events-value', { compatibility: 'NONE' }),
      () => orders.put('/mode/user-events-value', { mode: 'READONLY' }),
      () => orders.delete('/subjects/user-events-value'),
      () => orders.put('/config', { compatibility: 'NONE' }),
      () => orders.register('nobody-owns-this-value', '"string"'),
      () => orders.post('/keys', { name: 'escalate', role: 'admin' }),
      () => orders.get('/audit'),
    ];
    for (const attempt of attempts) expect((await attempt()).status).toBe(403);
    expect((await registry.http.get('/config/user-events-value')).status).toBe(404);
    expect((await registry.http.get('/config')).body).toMatchObject({ compatibilityLevel: 'BACKWARD' });
    const denied = await registry.http.get<{ entries: Array<{ action: string; target: string }> }>(
      '/audit?outcome=denied&target=user-events-value',
    );
    expect(denied.body.entries.map((entry) => entry.action)).toEqual([
      'DELETE /subjects/:subject',
      'PUT /mode/:subject',
      'PUT /config/:subject',
      'POST /subjects/:subject/versions',
    ]);
  });

  it('lets readers read only, and ci read and test compatibility', async () => {
    await registry.http.register('platform.roles-value', avroRecord('R', [['a', 'int']]));
    const candidate = {
      schema: JSON.stringify(
        avroRecord('R', [
          ['a', 'int'],
          ['b', 'int', 0],
        ]),
      ),
    };
    const { http: reader } = await issueKey(registry.http, 'reader');
    const { http: ci } = await issueKey(registry.http, 'ci');
    expect((await reader.get('/subjects/platform.roles-value/versions/latest')).status).toBe(200);
    expect((await reader.post('/compatibility/subjects/platform.roles-value/versions/latest', candidate)).status).toBe(
      403,
    );
    expect((await reader.post('/subjects/platform.roles-value/versions', candidate)).status).toBe(403);
    const tested = await ci.post('/compatibility/subjects/platform.roles-value/versions/latest', candidate);
    expect(tested).toMatchObject({ status: 200, body: { is_compatible: true } });
    expect((await ci.post('/subjects/platform.roles-value/versions', candidate)).status).toBe(403);
    expect((await registry.http.get('/subjects/platform.roles-value/versions')).body).toEqual([1]);
  });
});

describe('key lifecycle', () => {
  it('rotates: the old secret stops at once and the new one works', async () => {
    const { key, http: before } = await issueKey(registry.http, 'reader', 'rotating');
    expect((await before.get('/subjects')).status).toBe(200);
    const rotated = await registry.http.post<{ id: string; secret: string; rotatedAt: string }>(
      `/keys/${key.id}/rotate`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(key.secret);
    expect(rotated.body.rotatedAt).toEqual(expect.any(String));
    expect((await before.get('/subjects')).status).toBe(401);
    expect((await registry.http.as({ keyId: key.id, secret: rotated.body.secret }).get('/subjects')).status).toBe(200);
  });

  it('revokes: the key is refused at once, stays listed as revoked, and cannot be rotated back', async () => {
    const { key, http: revoked } = await issueKey(registry.http, 'team:orders', 'leaving');
    expect((await revoked.get('/subjects')).status).toBe(200);
    const response = await registry.http.delete<{ revokedAt: string }>(`/keys/${key.id}`);
    expect(response.status).toBe(200);
    expect(response.body.revokedAt).toEqual(expect.any(String));
    const refused = await revoked.get('/subjects');
    expect(refused).toMatchObject({ status: 401, body: { error_code: 40101 } });
    expect((refused.body as { message: string }).message).toContain('revoked');
    expect((await registry.http.post(`/keys/${key.id}/rotate`)).status).toBe(404);
    const listed = await registry.http.get<Array<{ id: string; revokedAt: string | null }>>('/keys');
    expect(listed.body.find((entry) => entry.id === key.id)?.revokedAt).toBe(response.body.revokedAt);
  });

  it('revokes and rotates on every replica within moments, however recently the key was used there', async () => {
    const replica = await startTestRegistry({ database: registry.database, redis: registry.redis });
    try {
      const { key } = await issueKey(registry.http, 'reader', 'used on two replicas');
      const onReplica = replica.http.as({ keyId: key.id, secret: key.secret });
      for (let i = 0; i < 3; i++) expect((await onReplica.get('/subjects')).status).toBe(200);
      const rotated = await registry.http.post<{ secret: string }>(`/keys/${key.id}/rotate`);
      await eventually(async () => (await onReplica.get('/subjects')).status, 401);
      const fresh = replica.http.as({ keyId: key.id, secret: rotated.body.secret });
      expect((await fresh.get('/subjects')).status).toBe(200);
      await registry.http.delete(`/keys/${key.id}`);
      await eventually(async () => (await fresh.get('/subjects')).status, 401);
    } finally {
      await replica.close();
    }
  });

  it('refuses bad key requests with 422 and issues nothing', async () => {
    const before = (await registry.http.get<unknown[]>('/keys')).body.length;
    for (const body of [
      {},
      { name: 'x', role: 'superuser' },
      { name: 'x', role: 'team:' },
      { name: '', role: 'reader' },
      { name: 'x', role: 'reader', expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', role: 'reader', expiresAt: 'tomorrow' },
      ['reader'],
    ]) {
      expect([JSON.stringify(body), (await registry.http.post('/keys', body)).status]).toEqual([
        JSON.stringify(body),
        422,
      ]);
    }
    expect((await registry.http.get<unknown[]>('/keys')).body).toHaveLength(before);
  });

  it('never logs a secret, not even of refused or rotated keys', async () => {
    const { key, http } = await issueKey(registry.http, 'reader', 'logged');
    await http.get('/subjects');
    await http.post('/subjects/orders-value/versions', { schema: '"string"' });
    const rotated = await registry.http.post<{ secret: string }>(`/keys/${key.id}/rotate`);
    const everything = logLines.join('');
    expect(everything).toContain(key.id);
    for (const secret of [key.secret, rotated.body.secret, registry.adminKey.secret]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(`${key.id}:${secret}`).toString('base64'));
    }
  });
});
