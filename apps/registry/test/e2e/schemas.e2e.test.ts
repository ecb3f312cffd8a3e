import { avroRecord, startTestRegistry, type TestRegistry } from '../../src/testing';

let registry: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry();
  const { http } = registry;
  await http.register('a-value', avroRecord('A', [['x', 'int']]));
  await http.register(
    'a-value',
    avroRecord('A', [
      ['x', 'int'],
      ['y', 'int', 0],
    ]),
  );
  await http.register('b-value', avroRecord('A', [['x', 'int']]));
  await http.register('c-key', '"string"');
  await http.delete('/subjects/b-value');
});

afterAll(async () => {
  await registry.close();
});

describe('/schemas', () => {
  it('answers the root and the supported types', async () => {
    expect((await registry.http.get('/')).body).toEqual({});
    expect((await registry.http.get('/schemas/types')).body).toEqual(['AVRO', 'JSON']);
  });

  it('lists subject versions by subject then version, with prefix, deleted, latestOnly and paging', async () => {
    const { http } = registry;
    const all = await http.get<Array<{ subject: string; version: number }>>('/schemas');
    expect(all.body.map(({ subject, version }) => `${subject}/${version}`)).toEqual([
      'a-value/1',
      'a-value/2',
      'c-key/1',
    ]);
    const withDeleted = await http.get<Array<{ subject: string; version: number }>>('/schemas?deleted=true');
    expect(withDeleted.body.map(({ subject }) => subject)).toEqual(['a-value', 'a-value', 'b-value', 'c-key']);
    const latest = await http.get<Array<{ subject: string; version: number }>>('/schemas?latestOnly=true');
    expect(latest.body.map(({ subject, version }) => `${subject}/${version}`)).toEqual(['a-value/2', 'c-key/1']);
    const prefixed = await http.get<Array<{ subject: string }>>('/schemas?subjectPrefix=c-');
    expect(prefixed.body).toEqual([{ subject: 'c-key', version: 1, id: expect.any(Number), schema: '"string"' }]);
    const page = await http.get<Array<{ subject: string; version: number }>>('/schemas?offset=1&limit=1');
    expect(page.body.map(({ subject, version }) => `${subject}/${version}`)).toEqual(['a-value/2']);
    expect((await http.get('/schemas?offset=x')).body).toMatchObject({ error_code: 422 });
  });

  it('tells which subjects and versions hold an id, soft-deleted ones only when asked', async () => {
    const { http } = registry;
    const id = (await http.get<{ id: number }>('/subjects/a-value/versions/1')).body.id;
    expect((await http.get(`/schemas/ids/${id}/subjects`)).body).toEqual(['a-value']);
    expect((await http.get(`/schemas/ids/${id}/subjects?deleted=true`)).body).toEqual(['a-value', 'b-value']);
    expect((await http.get(`/schemas/ids/${id}/versions?deleted=true`)).body).toEqual([
      { subject: 'a-value', version: 1 },
      { subject: 'b-value', version: 1 },
    ]);
    expect((await http.get(`/schemas/ids/${id}/schema`)).body).toEqual(avroRecord('A', [['x', 'int']]));
    expect((await http.get(`/schemas/ids/${id}?fetchMaxId=true&subject=anything`)).body).toMatchObject({
      maxId: expect.any(Number),
    });
    for (const bad of ['999999', '0', '-1', '+999999']) {
      const response = await http.get(`/schemas/ids/${bad}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error_code: 40403, message: `Schema ${Number(bad)} not found` });
    }
    // Not a 32-bit integer: the path does not match, as Confluent's server answers it.
    for (const bad of ['invalid', '1.5', '99999999999', '%20']) {
      for (const suffix of ['', '/schema', '/subjects', '/versions']) {
        const response = await http.get(`/schemas/ids/${bad}${suffix}`);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
      }
    }
    expect((await http.get('/schemas/ids/999999/subjects')).body).toEqual({
      error_code: 40403,
      message: 'Schema not found',
    });
  });

  it('stores metadata and rule sets, returns them, and counts them in the content address', async () => {
    const { http } = registry;
    const schema = avroRecord('M', [['x', 'int']]);
    const metadata = { properties: { owner: 'orders-team' }, tags: { 'M.x': ['PII'] } };
    const ruleSet = { domainRules: [{ name: 'checkX', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'x > 0' }] };
    const plain = await http.register('m-value', schema);
    const withRules = await http.register('m-value', schema, { metadata, ruleSet, someFutureField: { a: 1 } });
    expect(withRules.status).toBe(200);
    expect(withRules.body.id).not.toBe(plain.body.id);
    expect((await http.get(`/schemas/ids/${withRules.body.id}`)).body).toEqual({
      schema: JSON.stringify(schema),
      metadata,
      ruleSet,
    });
    const badRules = await http.register('m-value', schema, {
      ruleSet: { migrationRules: [{ name: 'r', kind: 'TRANSFORM', mode: 'WRITE' }] },
    });
    expect(badRules.body).toMatchObject({ error_code: 42210 });
    // A kind that is an object whose toString is not a function: still a 422, not a 500.
    const hostileKind = await http.register('m-value', schema, {
      ruleSet: { domainRules: [{ name: 'r', kind: { toString: 1 }, mode: 'WRITE' }] },
    });
    expect(hostileKind.status).toBe(422);
    expect(hostileKind.body).toMatchObject({ error_code: 42210, message: expect.stringContaining('{"toString":1}') });
  });
});
