import { pathSpellings, sendRawRequest } from '@charter/testkit';
import { ROUTE_ACCESS } from '../../src/auth/access-policy';
import { avroRecord, issueKey, TEST_OWNERSHIP, useTestRegistry } from '../../src/testing';

/**
 * Access is decided on the route the router matched: every write route, spelled every way a check on URL text
 * would tell apart (percent-encoding, doubled and trailing slashes, case, dot segments, NUL), is refused to a
 * reader key (403, audited) or matches no route (404), and writes nothing.
 */
const registry = useTestRegistry();
const PARAMS: Record<string, string> = { subject: 'orders-value', version: '1', id: 'some-id' };

let reader: { keyId: string; secret: string };

beforeAll(async () => {
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  expect((await registry.http.register('orders-value', avroRecord('O', [['a', 'int']]))).status).toBe(200);
  const { key } = await issueKey(registry.http, 'reader');
  reader = { keyId: key.id, secret: key.secret };
});

/** What a reader's refused write could have changed. */
async function snapshot() {
  const paths = [
    '/subjects?deleted=true',
    '/config',
    '/mode',
    '/config/orders-value',
    '/mode/orders-value',
    '/contracts',
    '/keys',
    '/approvals',
    '/ownership',
    '/subjects/orders-value/versions?deleted=true',
  ];
  return Promise.all(paths.map(async (path) => [path, (await registry.http.get(path)).body]));
}

const writes = Object.entries(ROUTE_ACCESS)
  .filter(
    ([route, access]) => !route.startsWith('GET ') && access !== 'public' && access !== 'signed' && access !== 'read',
  )
  .flatMap(([route]) => {
    const [method, pattern] = route.split(' ') as [string, string];
    return pathSpellings(pattern).map(
      (spelling) => [method, spelling.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? name)] as const,
    );
  });

describe('write routes spelled other ways, with a reader key', () => {
  let before: unknown;
  beforeAll(async () => {
    before = await snapshot();
  });

  it.each(writes)('%s %s is a 403 (audited) or a 404', async (method, path) => {
    const { keyId, secret } = reader;
    const response = await sendRawRequest(registry.url, {
      method,
      path,
      headers: {
        authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`,
        'content-type': 'application/vnd.schemaregistry.v1+json',
      },
      body: JSON.stringify({ schema: '"string"', compatibility: 'NONE', mode: 'READONLY', name: 'x', role: 'admin' }),
    });
    expect([403, 404]).toContain(response.status);
    if (response.status === 403) {
      const requestId = response.headers['x-request-id'] as string;
      const audit = await registry.http.get<{ entries: Array<{ requestId: string; outcome: string }> }>(
        `/audit?actor=${keyId}&outcome=denied&limit=500`,
      );
      expect(audit.body.entries.filter((entry) => entry.requestId === requestId)).toHaveLength(1);
    }
  });

  it('changed nothing', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
