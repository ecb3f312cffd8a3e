import { avroRecord, useTestRegistry } from '../../src/testing';

const registry = useTestRegistry();

const base = avroRecord('Payment', [['id', 'string']]);
const withDefault = avroRecord('Payment', [
  ['id', 'string'],
  ['note', 'string', ''],
]);
const withoutDefault = avroRecord('Payment', [
  ['id', 'string'],
  ['note', 'string'],
]);
const body = (schema: unknown) => ({ schema: JSON.stringify(schema) });

describe('POST /compatibility', () => {
  it('is compatible against a subject that does not exist (latest and all versions), 40402 for a given number', async () => {
    const { http } = registry;
    expect((await http.post('/compatibility/subjects/ghost/versions/latest', body(base))).body).toEqual({
      is_compatible: true,
    });
    expect((await http.post('/compatibility/subjects/ghost/versions', body(base))).body).toEqual({
      is_compatible: true,
    });
    const numbered = await http.post('/compatibility/subjects/ghost/versions/3', body(base));
    expect(numbered.status).toBe(404);
    expect(numbered.body).toEqual({ error_code: 40402, message: 'Version 3 not found.' });
  });

  it('gives the verdict, and the reasons with verbose=true, without writing anything', async () => {
    const { http } = registry;
    await http.register('payments-value', base);
    expect((await http.post('/compatibility/subjects/payments-value/versions/latest', body(withDefault))).body).toEqual(
      { is_compatible: true },
    );
    expect(
      (await http.post('/compatibility/subjects/payments-value/versions/latest?verbose=true', body(withDefault))).body,
    ).toEqual({ is_compatible: true, messages: [] });

    const verbose = await http.post<{ is_compatible: boolean; messages: string[] }>(
      '/compatibility/subjects/payments-value/versions/1?verbose=true',
      body(withoutDefault),
    );
    expect(verbose.body.is_compatible).toBe(false);
    expect(verbose.body.messages[0]).toContain("The field 'note' at path '/fields/1'");
    expect(verbose.body.messages).toContain("{compatibility: 'BACKWARD'}");
    expect((await http.get('/subjects/payments-value/versions')).body).toEqual([1]);
  });

  it('reports an invalid schema as 42201, or as an incompatible verdict with verbose=true', async () => {
    const { http } = registry;
    const broken = { schema: '{"type":"record","name":"X","fields":[{"name":"a"}]}' };
    const plain = await http.post('/compatibility/subjects/payments-value/versions/latest', broken);
    expect(plain.status).toBe(422);
    expect(plain.body).toMatchObject({ error_code: 42201 });
    const verbose = await http.post<{ is_compatible: boolean; messages: string[] }>(
      '/compatibility/subjects/payments-value/versions/latest?verbose=true',
      broken,
    );
    expect(verbose.status).toBe(200);
    expect(verbose.body.is_compatible).toBe(false);
    expect(verbose.body.messages[0]).toContain('Invalid schema of type AVRO');
  });

  it('checks every version under a transitive level and only the latest otherwise', async () => {
    const { http } = registry;
    const s = 'transitive-value';
    // v1 {a}, v2 {a, b=0}, v3 {b=0}: v3 can read v2 but not v1 (a has no default in v3? no: a is removed).
    await http.put(`/config/${s}`, { compatibility: 'FORWARD' });
    await http.register(s, avroRecord('T', [['a', 'int']]));
    await http.register(
      s,
      avroRecord('T', [
        ['a', 'int', 0],
        ['b', 'int', 0],
      ]),
    );
    const candidate = avroRecord('T', [['b', 'int', 0]]);
    // FORWARD: the latest (v2, a has a default) can read the candidate's data.
    expect((await http.post(`/compatibility/subjects/${s}/versions`, body(candidate))).body).toEqual({
      is_compatible: true,
    });
    // FORWARD_TRANSITIVE: v1 (a without default) cannot.
    await http.put(`/config/${s}`, { compatibility: 'FORWARD_TRANSITIVE' });
    expect((await http.post(`/compatibility/subjects/${s}/versions`, body(candidate))).body).toEqual({
      is_compatible: false,
    });
    const refused = await http.register(s, candidate);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('{oldSchemaVersion: 1}');
    // NONE lets anything through.
    await http.put(`/config/${s}`, { compatibility: 'none' });
    expect((await http.register(s, candidate)).body).toMatchObject({ version: 3 });
  });

  it('compares only versions of the same compatibility group', async () => {
    const { http } = registry;
    const s = 'grouped-value';
    await http.put(`/config/${s}`, { compatibility: 'BACKWARD', compatibilityGroup: 'major' });
    const major = (value: string) => ({ properties: { major: value } });
    await http.register(s, avroRecord('G', [['a', 'int']]), { metadata: major('1') });
    // A breaking change in a new group is accepted...
    const next = await http.register(s, avroRecord('G', [['z', 'string']]), { metadata: major('2') });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ version: 2, metadata: major('2') });
    // ...and within a group it is still checked.
    const breaking = await http.register(s, avroRecord('G', [['y', 'string']]), { metadata: major('2') });
    expect(breaking.status).toBe(409);
  });
});
