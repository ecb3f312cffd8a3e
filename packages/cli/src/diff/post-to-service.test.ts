// What each kind of answer from a service means to charter diff, against a local HTTP server this test starts.
// Bad answers tried: 401 and 403 with and without a key, 404, 429, 500, 503, a body that is not JSON, a JSON array,
// a connection refused, no answer before the timeout.
import { createServer, type Server } from 'node:http';
import { DiffServiceError } from './diff-service-error';
import { postToService, type ServiceConnection } from './post-to-service';

let server: Server;
let url: string;
/** What the server answers next: status and raw body. */
let answer = { status: 200, body: '{}' };
let hang = false;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (hang) return;
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  hang = false;
});

const connection = (overrides: Partial<ServiceConnection> = {}): ServiceConnection => ({
  service: 'lineage',
  url,
  authorization: 'Basic c2VjcmV0LWtleS1pZDpzZWNyZXQtdmFsdWU=',
  keySource: 'CHARTER_API_KEY',
  timeoutMs: 2_000,
  ...overrides,
});

async function outcome(overrides: Partial<ServiceConnection> = {}) {
  try {
    const result = await postToService(connection(overrides), '/impact', { subject: 's' });
    return { ok: result };
  } catch (error) {
    if (!(error instanceof DiffServiceError)) throw error;
    return { error: { kind: error.kind, exitCode: error.exitCode, message: error.message } };
  }
}

describe('postToService', () => {
  it.each([
    [200, '{"severity":"LOW"}', { ok: { status: 200, body: { severity: 'LOW' } } }],
    [422, '{"error_code":42201,"message":"bad"}', { ok: { status: 422, body: { error_code: 42201, message: 'bad' } } }],
    [200, 'not json', { ok: { status: 200, body: {} } }],
    [200, '[1, 2]', { ok: { status: 200, body: {} } }],
    [
      401,
      '{}',
      { error: { kind: 'unauthorized', exitCode: 2, message: expect.stringContaining('from CHARTER_API_KEY') } },
    ],
    [
      403,
      '{}',
      { error: { kind: 'unauthorized', exitCode: 2, message: expect.stringContaining('does not let the API key') } },
    ],
    [
      404,
      '{}',
      { error: { kind: 'bad-answer', exitCode: 2, message: expect.stringContaining('is --lineage-url right?') } },
    ],
    [429, '{}', { error: { kind: 'unreachable', exitCode: 3, message: expect.stringContaining('answered 429') } }],
    [500, '{}', { error: { kind: 'unreachable', exitCode: 3, message: expect.stringContaining('answered 500') } }],
    [503, '{}', { error: { kind: 'unreachable', exitCode: 3, message: expect.stringContaining('answered 503') } }],
  ])('a %i with %s', async (status, body, expected) => {
    answer = { status, body };
    expect(await outcome()).toEqual(expected);
  });

  it('names where the key came from, or that there was none, and never the key', async () => {
    answer = { status: 401, body: '{}' };
    const fromFile = await outcome({ service: 'registry', keySource: '--key-file /run/secrets/charter' });
    expect(fromFile.error?.message).toBe(
      `the registry at ${url} refused the API key (401): check the key from --key-file /run/secrets/charter`,
    );
    const none = await outcome({ authorization: undefined, keySource: undefined });
    expect(none.error?.message).toContain('no API key was given: set CHARTER_API_KEY, or pass --key or --key-file');
    for (const result of [fromFile, none]) expect(result.error?.message).not.toMatch(/secret-value|c2VjcmV0/);
  });

  it('calls a refused connection and a timeout unreachable (exit 3)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await outcome({ url: `http://127.0.0.1:${port}` })).toEqual({
      error: {
        kind: 'unreachable',
        exitCode: 3,
        message: `the lineage service at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`,
      },
    });
    hang = true;
    const started = Date.now();
    expect(await outcome({ timeoutMs: 300 })).toEqual({
      error: {
        kind: 'unreachable',
        exitCode: 3,
        message: `the lineage service at ${url} is unreachable (no answer within 0.3 s)`,
      },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
