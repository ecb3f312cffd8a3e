import { pathSpellings, sendRawRequest } from '@charter/testkit';
import { ROUTE_ACCESS } from '../../src/auth/route-access';
import { call, issueKey, SAMPLE_FLOW, useLineageStack } from '../support/test-lineage';

const EVENT = SAMPLE_FLOW[0];
const stack = useLineageStack();
let reader: string;

beforeAll(async () => {
  reader = await issueKey(stack.registry, 'reader');
});

describe('access follows the matched route, never the URL text', () => {
  it('has a rule for every route it serves (a route without one would be admin-only)', () => {
    // The served routes are listed as templates ({name}); the rules are keyed as the router names them (:name).
    const ruled = Object.keys(ROUTE_ACCESS).map((route) => route.replace(/:(\w+)/g, '{$1}'));
    expect([...stack.lineage.app.routes].sort()).toEqual(ruled.sort());
  });

  const writes = Object.entries(ROUTE_ACCESS).filter(([, access]) => access === 'write' || access === 'admin');

  it.each(
    writes.flatMap(([route]) => {
      const [method, pattern] = route.split(' ') as [string, string];
      return pathSpellings(pattern).map((spelling) => [method, spelling] as const);
    }),
  )('%s %s with a reader key is refused or matches nothing, and writes nothing', async (method, spelling) => {
    const before = (await call<{ events: number }>(`${stack.lineage.url}/stats`, 'GET', reader)).body.events;
    const response = await sendRawRequest(stack.lineage.url, {
      method,
      path: spelling,
      headers: { authorization: reader, 'content-type': 'application/json' },
      body: JSON.stringify(EVENT),
    });
    expect([403, 404]).toContain(response.status);
    expect((await call<{ events: number }>(`${stack.lineage.url}/stats`, 'GET', reader)).body.events).toBe(before);
  });

  it('takes the same write from a writer key on the plain path (the spellings above are not simply broken)', async () => {
    const writer = await issueKey(stack.registry, 'team:analytics');
    const response = await sendRawRequest(stack.lineage.url, {
      method: 'POST',
      path: '/api/v1/%6cineage',
      headers: { authorization: writer, 'content-type': 'application/json' },
      body: JSON.stringify(EVENT),
    });
    expect(response.status).toBe(201);
  });
});

describe('failed keys', () => {
  it('are throttled by the registry per client (forwarded), and the 429 reaches the caller with Retry-After', async () => {
    const { keyId } = stack.registry.adminKey;
    const wrong = `Basic ${Buffer.from(`${keyId}:cs_${'W'.repeat(43)}`).toString('base64')}`;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 25; attempt++) {
      const response = await sendRawRequest(stack.lineage.url, {
        method: 'GET',
        path: '/stats',
        headers: { authorization: wrong },
        localAddress: '127.0.0.3',
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // The registry saw the client's address, not the lineage service's.
    const audit = await call<{ entries: Array<{ after: { address: string } }> }>(
      `${stack.registry.url}/audit?action=auth.failed&limit=5`,
      'GET',
      stack.registry.admin,
    );
    expect(audit.body.entries.map((entry) => entry.after.address)).toEqual(Array(5).fill('127.0.0.3'));
  });
});
