import { ApiClient, buildUrl, segment } from './api-client';
import { ApiError, CONSOLE_ERRORS, toApiError } from './api-error';

describe('toApiError', () => {
  it.each([
    ['the registry (Confluent shape)', { error_code: 40401, message: "Subject 'x' not found." }, 404, '40401'],
    ['lineage', { code: 400, error: 'INVALID_EVENT', message: 'bad event' }, 400, 'INVALID_EVENT'],
    [
      'the console proxy',
      { error: 'UPSTREAM_UNAVAILABLE', service: 'lineage', message: 'x' },
      502,
      'UPSTREAM_UNAVAILABLE',
    ],
  ])('reads the code of %s', (_from, body, status, code) => {
    expect(toApiError('registry', status, body).code).toBe(code);
  });

  it('reads an empty 502, 503 or 504 as the service being unavailable, by name', () => {
    for (const status of [502, 503, 504]) {
      const error = toApiError('lineage', status, undefined);
      expect(error.isUnavailable).toBe(true);
      expect(error.message).toBe('lineage is unavailable');
    }
  });

  it("keeps a service's own 503 with a body as that service's error", () => {
    const error = toApiError('registry', 503, { error_code: 50301, message: 'Registry is stopping' });
    expect(error.isUnavailable).toBe(false);
    expect(error.code).toBe('50301');
  });
});

describe('ApiClient', () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const answer = (status: number, body: string) =>
    (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body, { status });
    }) as unknown as typeof fetch;

  beforeEach(() => {
    calls.length = 0;
  });

  it('sends the key as a Bearer header, never in the URL, and reads JSON', async () => {
    const client = new ApiClient(() => 'ck_1:s3cret', answer(200, '["a"]'));
    await expect(client.get('registry', '/subjects', { query: { deleted: true, skip: undefined } })).resolves.toEqual([
      'a',
    ]);
    expect(calls[0]!.url).toBe('/api/registry/subjects?deleted=true');
    expect(calls[0]!.url).not.toContain('s3cret');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer ck_1:s3cret');
  });

  it('throws ApiError with the status and code, and a network failure as NETWORK_ERROR', async () => {
    const refused = new ApiClient(() => 'k:s', answer(401, '{"error_code":40101,"message":"Unauthorized"}'));
    await expect(refused.get('registry', '/whoami')).rejects.toMatchObject({ status: 401, code: '40101' });
    const offline = new ApiClient(() => undefined, (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch);
    const error = await offline.get('lineage', '/health').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(CONSOLE_ERRORS.network);
  });

  it('encodes a path segment that holds URL syntax', () => {
    expect(buildUrl('registry', `/subjects/${segment('a/b?c#<d>')}/versions`)).toBe(
      '/api/registry/subjects/a%2Fb%3Fc%23%3Cd%3E/versions',
    );
  });
});
