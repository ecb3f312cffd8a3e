/**
 * The control API against Toxiproxy's (api.go): paths, JSON shapes and statuses, one table row per case.
 * Bad inputs tried: a body that is not JSON, an array where an object is expected, a missing name or upstream,
 * a listen address that is not host:port, a port already in use, a duplicate proxy or toxic name, an unknown
 * proxy, toxic or route, an unknown toxic type, a bad stream, negative / string / unknown attributes, a slicer
 * with average_size 0 or size_variation ≥ average_size, toxicity outside [0, 1], enabled that is not a boolean, a
 * populate entry without upstream, a method a path does not have, a browser's user agent. Each answers 4xx with a
 * code and leaves the state as it was; the server keeps answering afterwards.
 */
import { type ChaosServer, startChaosServer } from '../src';
import { startUpstream, type TestUpstream } from './support/tcp-peers';

let server: ChaosServer;
let upstream: TestUpstream;

beforeAll(async () => {
  server = await startChaosServer({ listen: '127.0.0.1:0' });
  upstream = await startUpstream();
});

afterAll(async () => {
  await server.close();
  await upstream.close();
});

beforeEach(async () => {
  await server.collection.close();
  await request('POST', '/proxies', { name: 'db', upstream: upstream.address, listen: '127.0.0.1:0' });
  await request('POST', '/proxies/db/toxics', { name: 'lat', type: 'latency', attributes: { latency: 10, jitter: 2 } });
});

async function request(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const LAT = { name: 'lat', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 10, jitter: 2 } };
const DB = { name: 'db', upstream: expect.any(String), listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/) };
const error = (status: number, code: string) => ({ status, code, error: expect.any(String) });

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  response?: unknown;
  /** The state after the request: GET /proxies/db (undefined: it must be gone). */
  db?: unknown;
}

const cases: Case[] = [
  { name: 'version', method: 'GET', path: '/version', status: 200, response: { version: expect.any(String) } },
  {
    name: 'list proxies: an object by name, each with its toxics',
    method: 'GET',
    path: '/proxies',
    status: 200,
    response: { db: { ...DB, enabled: true, toxics: [LAT] } },
  },
  {
    name: 'create a proxy: 201, enabled by default, no toxics',
    method: 'POST',
    path: '/proxies',
    body: { name: 'cache', upstream: '127.0.0.1:6379', listen: '127.0.0.1:0' },
    status: 201,
    response: { name: 'cache', upstream: '127.0.0.1:6379', enabled: true, toxics: [], listen: expect.any(String) },
  },
  {
    name: 'create a disabled proxy',
    method: 'POST',
    path: '/proxies',
    body: { name: 'cache', upstream: '127.0.0.1:6379', listen: '127.0.0.1:0', enabled: false },
    status: 201,
    response: { name: 'cache', enabled: false },
  },
  {
    name: 'create: the name exists',
    method: 'POST',
    path: '/proxies',
    body: { name: 'db', upstream: '127.0.0.1:1' },
    status: 409,
    response: error(409, 'PROXY_EXISTS'),
    db: { upstream: expect.not.stringContaining(':1') },
  },
  {
    name: 'create: no name',
    method: 'POST',
    path: '/proxies',
    body: { upstream: '127.0.0.1:1' },
    status: 400,
    response: error(400, 'MISSING_FIELD'),
  },
  {
    name: 'create: no upstream',
    method: 'POST',
    path: '/proxies',
    body: { name: 'x' },
    status: 400,
    response: error(400, 'MISSING_FIELD'),
  },
  {
    name: 'create: upstream without a port',
    method: 'POST',
    path: '/proxies',
    body: { name: 'x', upstream: 'localhost' },
    status: 400,
    response: error(400, 'INVALID_ADDRESS'),
  },
  {
    name: 'create: listen is not host:port',
    method: 'POST',
    path: '/proxies',
    body: { name: 'x', upstream: '127.0.0.1:1', listen: 'nonsense' },
    status: 400,
    response: error(400, 'INVALID_ADDRESS'),
  },
  {
    name: 'create: body is not JSON',
    method: 'POST',
    path: '/proxies',
    body: '{"name": ',
    status: 400,
    response: error(400, 'BAD_REQUEST_BODY'),
  },
  {
    name: 'create: body is an array',
    method: 'POST',
    path: '/proxies',
    body: [],
    status: 400,
    response: error(400, 'BAD_REQUEST_BODY'),
  },
  { name: 'show a proxy', method: 'GET', path: '/proxies/db', status: 200, response: { ...DB, toxics: [LAT] } },
  {
    name: 'show: unknown proxy',
    method: 'GET',
    path: '/proxies/nope',
    status: 404,
    response: error(404, 'PROXY_NOT_FOUND'),
  },
  {
    name: 'update with PATCH: disable',
    method: 'PATCH',
    path: '/proxies/db',
    body: { enabled: false },
    status: 200,
    response: { name: 'db', enabled: false },
    db: { enabled: false, toxics: [LAT] },
  },
  {
    name: 'update with POST (deprecated in Toxiproxy, still served)',
    method: 'POST',
    path: '/proxies/db',
    body: { enabled: false },
    status: 200,
    response: { enabled: false },
  },
  {
    name: 'update: enabled is not a boolean',
    method: 'PATCH',
    path: '/proxies/db',
    body: { enabled: 'no' },
    status: 400,
    response: error(400, 'BAD_REQUEST_BODY'),
    db: { enabled: true },
  },
  {
    name: 'update: unknown proxy',
    method: 'PATCH',
    path: '/proxies/nope',
    body: { enabled: false },
    status: 404,
    response: error(404, 'PROXY_NOT_FOUND'),
  },
  { name: 'delete a proxy', method: 'DELETE', path: '/proxies/db', status: 204, db: undefined },
  {
    name: 'delete: unknown proxy',
    method: 'DELETE',
    path: '/proxies/nope',
    status: 404,
    response: error(404, 'PROXY_NOT_FOUND'),
  },
  { name: 'list toxics', method: 'GET', path: '/proxies/db/toxics', status: 200, response: [LAT] },
  {
    name: 'add a toxic: 200 as in Toxiproxy, defaults filled in',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'bandwidth' },
    status: 200,
    response: {
      name: 'bandwidth_downstream',
      type: 'bandwidth',
      stream: 'downstream',
      toxicity: 1,
      attributes: { rate: 0 },
    },
  },
  {
    name: 'add an upstream toxic with a toxicity',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'timeout', stream: 'upstream', toxicity: 0.25, attributes: { timeout: 100 } },
    status: 200,
    response: { name: 'timeout_upstream', stream: 'upstream', toxicity: 0.25, attributes: { timeout: 100 } },
  },
  {
    name: 'add: the toxic name exists',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { name: 'lat', type: 'latency' },
    status: 409,
    response: error(409, 'TOXIC_EXISTS'),
    db: { toxics: [LAT] },
  },
  {
    name: 'add: unknown toxic type',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'latancy' },
    status: 400,
    response: error(400, 'INVALID_TOXIC_TYPE'),
    db: { toxics: [LAT] },
  },
  {
    name: 'add: bad stream',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'latency', stream: 'sideways' },
    status: 400,
    response: error(400, 'INVALID_STREAM'),
  },
  {
    name: 'add: negative attribute',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'latency', attributes: { latency: -5 } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
  },
  {
    name: 'add: string attribute',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'bandwidth', attributes: { rate: '100' } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
  },
  {
    name: 'add: unknown attribute',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'latency', attributes: { latancy: 5 } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
  },
  {
    name: 'add: slicer with average_size 0',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'slicer', attributes: { average_size: 0 } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
  },
  {
    name: 'add: slicer with size_variation ≥ average_size',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'slicer', attributes: { average_size: 10, size_variation: 10 } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
  },
  {
    name: 'add: toxicity above 1',
    method: 'POST',
    path: '/proxies/db/toxics',
    body: { type: 'latency', toxicity: 1.5 },
    status: 400,
    response: error(400, 'INVALID_TOXICITY'),
  },
  {
    name: 'add: unknown proxy',
    method: 'POST',
    path: '/proxies/nope/toxics',
    body: { type: 'latency' },
    status: 404,
    response: error(404, 'PROXY_NOT_FOUND'),
  },
  { name: 'show a toxic', method: 'GET', path: '/proxies/db/toxics/lat', status: 200, response: LAT },
  {
    name: 'show: unknown toxic',
    method: 'GET',
    path: '/proxies/db/toxics/nope',
    status: 404,
    response: error(404, 'TOXIC_NOT_FOUND'),
  },
  {
    name: 'update a toxic: attributes merged, toxicity kept',
    method: 'PATCH',
    path: '/proxies/db/toxics/lat',
    body: { attributes: { latency: 500 } },
    status: 200,
    response: { ...LAT, attributes: { latency: 500, jitter: 2 } },
  },
  {
    name: 'update a toxic with POST: toxicity',
    method: 'POST',
    path: '/proxies/db/toxics/lat',
    body: { toxicity: 0.5 },
    status: 200,
    response: { ...LAT, toxicity: 0.5 },
  },
  {
    name: 'update: bad attribute leaves the toxic as it was',
    method: 'PATCH',
    path: '/proxies/db/toxics/lat',
    body: { attributes: { latency: 1.5 } },
    status: 400,
    response: error(400, 'INVALID_ATTRIBUTE'),
    db: { toxics: [LAT] },
  },
  {
    name: 'update: unknown toxic',
    method: 'PATCH',
    path: '/proxies/db/toxics/nope',
    body: {},
    status: 404,
    response: error(404, 'TOXIC_NOT_FOUND'),
  },
  { name: 'remove a toxic', method: 'DELETE', path: '/proxies/db/toxics/lat', status: 204, db: { toxics: [] } },
  {
    name: 'remove: unknown toxic',
    method: 'DELETE',
    path: '/proxies/db/toxics/nope',
    status: 404,
    response: error(404, 'TOXIC_NOT_FOUND'),
  },
  { name: 'reset: toxics removed', method: 'POST', path: '/reset', status: 204, db: { enabled: true, toxics: [] } },
  {
    name: 'populate: 201 with the proxies; an unchanged one is kept',
    method: 'POST',
    path: '/populate',
    body: [{ name: 'cache', upstream: '127.0.0.1:6379', listen: '127.0.0.1:0' }],
    status: 201,
    response: { proxies: [{ name: 'cache', enabled: true, toxics: [] }] },
    db: { toxics: [LAT] },
  },
  {
    name: 'populate: an entry without upstream refuses the whole body',
    method: 'POST',
    path: '/populate',
    body: [{ name: 'cache', upstream: '127.0.0.1:6379' }, { name: 'broken' }],
    status: 400,
    response: error(400, 'MISSING_FIELD'),
  },
  {
    name: 'populate: not an array',
    method: 'POST',
    path: '/populate',
    body: { name: 'cache' },
    status: 400,
    response: error(400, 'BAD_REQUEST_BODY'),
  },
  { name: 'unknown route', method: 'GET', path: '/nope', status: 404, response: error(404, 'ROUTE_NOT_FOUND') },
  { name: 'a method the path lacks', method: 'PUT', path: '/proxies', status: 405 },
  {
    name: 'browsers are refused, as in Toxiproxy',
    method: 'GET',
    path: '/proxies',
    headers: { 'user-agent': 'Mozilla/5.0' },
    status: 403,
  },
];

describe('control API parity with Toxiproxy', () => {
  it.each(cases)('$name', async ({ method, path, body, headers, status, response, ...rest }) => {
    const answer = await request(method, path, body, headers);
    expect(answer.status).toBe(status);
    if (response !== undefined) expect(answer.body).toMatchObject(response as object);
    if ('db' in rest) {
      const db = await request('GET', '/proxies/db');
      if (rest.db === undefined) expect(db.status).toBe(404);
      else expect(db.body).toMatchObject(rest.db as object);
    }
    expect((await request('GET', '/version')).status).toBe(200);
  });

  it('a failed create keeps nothing: a port in use answers 409 and no proxy is listed', async () => {
    const answer = await request('POST', '/proxies', {
      name: 'clash',
      upstream: '127.0.0.1:1',
      listen: upstream.address,
    });
    expect(answer).toEqual({ status: 409, body: error(409, 'LISTEN_ADDRESS_IN_USE') });
    expect(Object.keys((await request('GET', '/proxies')).body as object)).toEqual(['db']);
  });

  it('reset enables a disabled proxy again', async () => {
    await request('PATCH', '/proxies/db', { enabled: false });
    await request('POST', '/reset');
    expect((await request('GET', '/proxies/db')).body).toMatchObject({ enabled: true, toxics: [] });
  });

  it('moving a proxy to a new listen address frees the old one', async () => {
    const before = (await request('GET', '/proxies/db')).body as { listen: string };
    const after = await request('PATCH', '/proxies/db', { listen: '127.0.0.1:0' });
    expect(after.status).toBe(200);
    expect((after.body as { listen: string }).listen).not.toBe(before.listen);
    const reuse = await request('POST', '/proxies', { name: 'reuse', upstream: '127.0.0.1:1', listen: before.listen });
    expect(reuse.status).toBe(201);
  });
});
