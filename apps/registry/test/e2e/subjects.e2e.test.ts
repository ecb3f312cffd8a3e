import { avroRecord, useTestRegistry } from '../../src/testing';

const v1 = avroRecord('Order', [['id', 'string']]);
const v2 = avroRecord('Order', [
  ['id', 'string'],
  ['amount', 'double', 0],
]);
const v3 = avroRecord('Order', [
  ['id', 'string'],
  ['amount', 'double', 0],
  ['currency', 'string', 'EUR'],
]);

const registry = useTestRegistry();

describe('register and read back', () => {
  it('gives one id per content across subjects, and versions from 1 in each subject', async () => {
    const { http } = registry;
    const first = await http.register('orders-value', v1);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: expect.any(Number), version: 1, subject: 'orders-value' });

    const again = await http.register('orders-value', JSON.stringify(v1, null, 4));
    expect(again.body).toMatchObject({ id: first.body.id, version: 1 });

    const elsewhere = await http.register('orders-copy-value', v1);
    expect(elsewhere.body).toMatchObject({ id: first.body.id, version: 1 });

    const second = await http.register('orders-value', v2);
    expect(second.body).toMatchObject({ version: 2 });
    expect(second.body.id).not.toBe(first.body.id);

    expect((await http.get('/subjects/orders-value/versions')).body).toEqual([1, 2]);
    const latest = await http.get('/subjects/orders-value/versions/latest');
    expect(latest.body).toEqual({
      subject: 'orders-value',
      version: 2,
      id: second.body.id,
      schema: JSON.stringify(v2),
    });
    expect((await http.get('/subjects/orders-value/versions/-1')).body).toEqual(latest.body);
    expect((await http.get('/subjects/orders-value/versions/1/schema')).body).toEqual(v1);
    expect((await http.get(`/schemas/ids/${first.body.id}`)).body).toEqual({ schema: JSON.stringify(v1) });
    expect((await http.get('/subjects')).body).toEqual(expect.arrayContaining(['orders-copy-value', 'orders-value']));
  });

  it('looks a schema up under a subject, and says whether the subject or the schema is missing', async () => {
    const { http } = registry;
    const found = await http.post('/subjects/orders-value', { schema: JSON.stringify(v2) });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ subject: 'orders-value', version: 2, schema: JSON.stringify(v2) });

    const missingSchema = await http.post('/subjects/orders-value', { schema: JSON.stringify(v3) });
    expect(missingSchema.status).toBe(404);
    expect(missingSchema.body).toEqual({ error_code: 40403, message: 'Schema not found' });

    const missingSubject = await http.post('/subjects/nope', { schema: JSON.stringify(v1) });
    expect(missingSubject.status).toBe(404);
    expect(missingSubject.body).toEqual({ error_code: 40401, message: "Subject 'nope' not found." });
  });

  it('refuses an incompatible schema with 40901 and writes nothing', async () => {
    const { http } = registry;
    const breaking = avroRecord('Order', [
      ['id', 'string'],
      ['amount', 'double', 0],
      ['customer', 'string'],
    ]);
    const refused = await http.register('orders-value', breaking);
    expect(refused.status).toBe(409);
    expect(refused.body.error_code).toBe(40901);
    expect(refused.body.message).toContain("The field 'customer'");
    expect(refused.body.message).toContain('{oldSchemaVersion: 2}');
    expect((await http.get('/subjects/orders-value/versions')).body).toEqual([1, 2]);
  });

  it('answers 40401 / 40402 / 42202 for missing subjects, missing versions and bad version ids', async () => {
    const { http } = registry;
    expect((await http.get('/subjects/nope/versions')).body).toEqual({
      error_code: 40401,
      message: "Subject 'nope' not found.",
    });
    expect((await http.get('/subjects/orders-value/versions/9')).body).toEqual({
      error_code: 40402,
      message: 'Version 9 not found.',
    });
    for (const bad of ['0', 'abc', '99999999999', '-2', '1.5']) {
      const response = await http.get(`/subjects/orders-value/versions/${bad}`);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error_code: 42202 });
    }
  });
});

describe('subject names', () => {
  it.each(['com.acme/orders value', 'ünïcødé-主题', 'x'.repeat(300), 'with%percent'])(
    'accepts %s as Confluent does, URL-encoded in the path',
    async (subject) => {
      const { http } = registry;
      const encoded = encodeURIComponent(subject);
      const registered = await http.register(subject, avroRecord('Named', [['a', 'int']]));
      expect(registered.status).toBe(200);
      expect(registered.body).toMatchObject({ subject, version: 1 });
      expect((await http.get(`/subjects/${encoded}/versions/1`)).body).toMatchObject({ subject, version: 1 });
      expect((await http.get('/subjects')).body).toContain(subject);
      expect((await http.delete(`/subjects/${encoded}`)).body).toEqual([1]);
      expect((await http.delete(`/subjects/${encoded}?permanent=true`)).body).toEqual([1]);
    },
  );
});

describe('normalize', () => {
  it('stores the canonical form with normalize=true and finds reordered or reformatted content either way', async () => {
    const { http } = registry;
    const scrambled = '{ "fields": [ {"type": "string", "name": "id"} ], "name": "Norm", "type": "record" }';
    const normalized = await http.post<{ id: number; schema: string }>('/subjects/norm-value/versions?normalize=true', {
      schema: scrambled,
    });
    expect(normalized.status).toBe(200);
    expect(normalized.body.schema).toBe('{"name":"Norm","type":"record","fields":[{"name":"id","type":"string"}]}');
    // The content address ignores key order and whitespace, so the plain text finds the same version.
    const plain = await http.register('norm-value', avroRecord('Norm', [['id', 'string']]));
    expect(plain.body).toMatchObject({ id: normalized.body.id, version: 1 });
    expect((await http.post('/subjects/norm-value?normalize=true', { schema: scrambled })).body).toMatchObject({
      version: 1,
    });
    // A subject configured to normalize does so without the parameter.
    await http.put('/config/norm2-value', { normalize: true });
    const configured = await http.post<{ schema: string }>('/subjects/norm2-value/versions', { schema: scrambled });
    expect(configured.body.schema).toBe(normalized.body.schema);
  });
});

describe('delete and re-register', () => {
  it('soft-deletes a version: hidden from reads, still resolvable by id, its number never reused', async () => {
    const { http } = registry;
    const s = 'delete-value';
    const one = await http.register(s, v1);
    const two = await http.register(s, v2);
    expect((await http.delete(`/subjects/${s}/versions/2`)).body).toBe(2);

    expect((await http.get(`/subjects/${s}/versions`)).body).toEqual([1]);
    expect((await http.get(`/subjects/${s}/versions?deleted=true`)).body).toEqual([1, 2]);
    expect((await http.get(`/subjects/${s}/versions?deletedOnly=true`)).body).toEqual([2]);
    expect((await http.get(`/subjects/${s}/versions/2`)).body).toMatchObject({ error_code: 40402 });
    expect((await http.get(`/subjects/${s}/versions/2?deleted=true`)).body).toMatchObject({ version: 2 });
    expect((await http.get(`/subjects/${s}/versions/latest`)).body).toMatchObject({ version: 1 });
    expect((await http.get(`/schemas/ids/${two.body.id}`)).status).toBe(200);

    // Soft-deleting again: 40406; the next registration gets version 3, not 2.
    expect((await http.delete(`/subjects/${s}/versions/2`)).body).toMatchObject({ error_code: 40406 });
    const three = await http.register(s, v3);
    expect(three.body).toMatchObject({ version: 3 });

    // Re-registering the soft-deleted content: same id, a new version; the old soft-deleted one is superseded.
    const back = await http.register(s, v2);
    expect(back.body).toMatchObject({ id: two.body.id, version: 4 });
    expect((await http.get(`/subjects/${s}/versions?deleted=true`)).body).toEqual([1, 3, 4]);
    expect(one.body.version).toBe(1);
  });

  it('hard-deletes only after a soft delete, and then the id stops resolving once nothing holds it', async () => {
    const { http } = registry;
    const s = 'hard-value';
    const only = await http.register(s, avroRecord('Hard', [['x', 'int']]));
    const notSoft = await http.delete(`/subjects/${s}/versions/1?permanent=true`);
    expect(notSoft.status).toBe(404);
    expect(notSoft.body).toMatchObject({ error_code: 40407 });

    expect((await http.delete(`/subjects/${s}/versions/1`)).body).toBe(1);
    expect((await http.get(`/schemas/ids/${only.body.id}`)).status).toBe(200);
    expect((await http.delete(`/subjects/${s}/versions/1?permanent=true`)).body).toBe(1);
    expect((await http.get(`/schemas/ids/${only.body.id}`)).body).toEqual({
      error_code: 40403,
      message: `Schema ${only.body.id} not found`,
    });
    expect((await http.get(`/subjects/${s}/versions?deleted=true`)).body).toMatchObject({ error_code: 40401 });

    // After a permanent delete numbering may restart, and the same content gets its old id back.
    const again = await http.register(s, avroRecord('Hard', [['x', 'int']]));
    expect(again.body).toMatchObject({ id: only.body.id, version: 1 });
  });

  it('deletes a whole subject softly then permanently, with Confluent codes for each wrong order', async () => {
    const { http } = registry;
    const s = 'whole-value';
    await http.register(s, v1);
    await http.register(s, v2);
    const permanentFirst = await http.delete(`/subjects/${s}?permanent=true`);
    expect(permanentFirst.body).toMatchObject({ error_code: 40405 });

    expect((await http.delete(`/subjects/${s}`)).body).toEqual([1, 2]);
    expect((await http.get('/subjects')).body).not.toContain(s);
    expect((await http.get('/subjects?deleted=true')).body).toContain(s);
    expect((await http.get('/subjects?deletedOnly=true')).body).toEqual([s]);
    expect((await http.delete(`/subjects/${s}`)).body).toMatchObject({ error_code: 40404 });

    expect((await http.delete(`/subjects/${s}?permanent=true`)).body).toEqual([1, 2]);
    expect((await http.get('/subjects?deleted=true')).body).not.toContain(s);
    expect((await http.delete(`/subjects/${s}`)).body).toMatchObject({ error_code: 40401 });
  });
});
