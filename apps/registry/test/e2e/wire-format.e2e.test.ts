import { useTestRegistry } from '../../src/testing';

/**
 * Small wire details clients compare exactly (found by running a peer registry's API suite): the bare response
 * media type, Accept ranges as JAX-RS reads them, bodies in UTF-16/UTF-32 or with a byte-order mark, and the
 * exact messages of 404/406/415.
 */
const registry = useTestRegistry();
const V1 = 'application/vnd.schemaregistry.v1+json';

async function send(method: string, path: string, body: Buffer | undefined, headers: Record<string, string> = {}) {
  const { keyId, secret } = registry.adminKey;
  const response = await fetch(`${registry.url}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`, ...headers },
    ...(body ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(text) };
}

describe('response media type', () => {
  it('is the bare media type, with no charset, on reads, writes, cached reads and errors', async () => {
    const { body } = await registry.http.register('wire-value', { type: 'string' });
    const answers = await Promise.all([
      send('GET', '/subjects', undefined),
      send('GET', `/schemas/ids/${body.id}`, undefined),
      send('GET', '/subjects/wire-value/versions/latest', undefined),
      send('GET', '/config', undefined),
      send('POST', '/subjects/wire-value/versions', Buffer.from('{"schema":"\\"string\\""}'), { 'content-type': V1 }),
      send('GET', '/subjects/nothing-here/versions', undefined),
      send('GET', '/no/such/route', undefined),
      send('GET', '/subjects', undefined, { accept: 'text/html' }),
      send('PUT', '/config', Buffer.from('{}'), { 'content-type': 'text/html' }),
    ]);
    expect(answers.map((answer) => answer.contentType)).toEqual(answers.map(() => V1));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 404, 404, 406, 415]);
    expect(answers.slice(6).map((answer) => answer.body)).toEqual([
      { error_code: 404, message: 'HTTP 404 Not Found' },
      { error_code: 406, message: 'HTTP 406 Not Acceptable' },
      { error_code: 415, message: 'HTTP 415 Unsupported Media Type' },
    ]);
    const asJson = await send('GET', '/subjects', undefined, { accept: 'application/json' });
    expect(asJson.contentType).toBe('application/json');
  });

  it.each([
    ['*', V1],
    ['*/*', V1],
    ['*/does_not_matter', V1],
    ['application/*', V1],
    ['text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2', V1],
    [
      'application/vnd.schemaregistry.v2+json; q=0.1, application/vnd.schemaregistry+json; q=0.9',
      'application/vnd.schemaregistry+json',
    ],
  ])('answers Accept %j with %s', async (accept, type) => {
    const answer = await send('GET', '/subjects', undefined, { accept });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe(type);
  });
});

describe('request bodies in other encodings', () => {
  const config = (compatibility: string) => JSON.stringify({ compatibility });
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const utf32le = (text: string) => {
    const points = [...text].map((c) => c.codePointAt(0)!);
    const bytes = Buffer.alloc(points.length * 4);
    for (const [i, point] of points.entries()) bytes.writeUInt32LE(point, i * 4);
    return bytes;
  };

  it.each([
    [
      'UTF-16 with a mark, charset utf-16 (as Python encodes it)',
      'NONE',
      (t: string) => Buffer.from(`\ufeff${t}`, 'utf16le'),
      `${V1}; charset=utf-16`,
    ],
    ['UTF-16BE without a mark, charset utf-16be', 'FULL', utf16be, `${V1}; charset=utf-16be`],
    ['UTF-16LE without a mark or charset (detected)', 'FORWARD', (t: string) => Buffer.from(t, 'utf16le'), V1],
    [
      'UTF-8 with a mark, charset utf-8',
      'BACKWARD_TRANSITIVE',
      (t: string) => Buffer.from(`\ufeff${t}`),
      `${V1}; charset=utf-8`,
    ],
    ['UTF-8 with a mark, no charset', 'FULL_TRANSITIVE', (t: string) => Buffer.from(`\ufeff${t}`), 'application/json'],
    ['UTF-32LE without a mark (detected)', 'FORWARD_TRANSITIVE', utf32le, V1],
  ])('reads %s', async (_what, compatibility, encode, contentType) => {
    const answer = await send('PUT', '/config', encode(config(compatibility)), { 'content-type': contentType });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe(V1);
    expect(answer.body).toEqual({ compatibility });
    expect((await registry.http.get('/config')).body).toMatchObject({ compatibilityLevel: compatibility });
  });

  it('stores a schema sent in UTF-16 exactly as the same schema sent in UTF-8', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'Unicode', doc: 'naïve ☃ 𝄞', fields: [] });
    const body = JSON.stringify({ schema });
    const utf16 = await send('POST', '/subjects/wire-utf16-value/versions', Buffer.from(`\ufeff${body}`, 'utf16le'), {
      'content-type': `${V1}; charset=utf-16`,
    });
    const utf8 = await send('POST', '/subjects/wire-utf8-value/versions', Buffer.from(body), { 'content-type': V1 });
    expect(utf16.status).toBe(200);
    expect(utf8.body.id).toBe(utf16.body.id);
    expect((await registry.http.get<{ schema: string }>(`/schemas/ids/${utf16.body.id}`)).body.schema).toBe(schema);
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), `${V1}; charset=utf-8`, 400, 400],
    ['a charset no one knows', Buffer.from(config('NONE')), `${V1}; charset=klingon`, 415, 415],
  ])('refuses %s, changing nothing', async (_what, bytes, contentType, status, errorCode) => {
    const before = (await registry.http.get('/config')).body;
    const answer = await send('PUT', '/config', bytes, { 'content-type': contentType });
    expect(answer.status).toBe(status);
    expect(answer.body.error_code).toBe(errorCode);
    expect((await registry.http.get('/config')).body).toEqual(before);
  });
});
