import { avroRecord, useTestRegistry } from '../../src/testing';

const registry = useTestRegistry();

describe('/config', () => {
  it('reads the global level (server default BACKWARD), sets it, and resets it', async () => {
    const { http } = registry;
    expect((await http.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await http.put('/config', { compatibility: 'full_transitive' })).body).toEqual({
      compatibility: 'FULL_TRANSITIVE',
    });
    expect((await http.get('/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await http.delete('/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect((await http.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('keeps subject configs apart: 40408 when unset, defaultToGlobal falls back, 40401 deleting an unset one', async () => {
    const { http } = registry;
    const unset = await http.get('/config/c-value');
    expect(unset.status).toBe(404);
    expect(unset.body).toEqual({
      error_code: 40408,
      message: "Subject 'c-value' does not have subject-level compatibility configured",
    });
    expect((await http.get('/config/c-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await http.delete('/config/c-value')).body).toEqual({
      error_code: 40401,
      message: "Subject 'c-value' not found.",
    });

    expect((await http.put('/config/c-value', { compatibility: 'NONE', normalize: true })).body).toEqual({
      compatibility: 'NONE',
      normalize: true,
    });
    expect((await http.get('/config/c-value')).body).toEqual({ compatibilityLevel: 'NONE', normalize: true });
    expect((await http.put('/config/c-value', { compatibility: 'FULL' })).body).toEqual({
      compatibility: 'FULL',
      normalize: true,
    });
    expect((await http.delete('/config/c-value')).body).toEqual({ compatibilityLevel: 'FULL', normalize: true });
    expect((await http.get('/config/c-value')).status).toBe(404);
  });

  it('refuses unknown levels (42203) and bad subjects (42208)', async () => {
    const { http } = registry;
    expect((await http.put('/config', { compatibility: 'SIDEWAYS' })).body).toMatchObject({ error_code: 42203 });
    expect((await http.put('/config', {})).body).toMatchObject({ error_code: 42203 });
    expect((await http.put('/config/__GLOBAL', { compatibility: 'FULL' })).body).toMatchObject({ error_code: 42208 });
    expect((await http.put('/config/c', { normalize: 'yes' })).body).toMatchObject({ error_code: 422 });
  });
});

describe('/mode', () => {
  it('blocks writes in READONLY with 42205 and lets reads through', async () => {
    const { http } = registry;
    await http.register('ro-value', avroRecord('R', [['a', 'int']]));
    expect((await http.put('/mode/ro-value', { mode: 'readonly' })).body).toEqual({ mode: 'READONLY' });
    expect((await http.get('/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
    const write = await http.register(
      'ro-value',
      avroRecord('R', [
        ['a', 'int'],
        ['b', 'int', 1],
      ]),
    );
    expect(write.status).toBe(422);
    expect(write.body).toEqual({ error_code: 42205, message: 'Subject ro-value is in read-only mode' });
    expect((await http.delete('/subjects/ro-value/versions/1')).body).toMatchObject({ error_code: 42205 });
    expect((await http.delete('/subjects/ro-value')).body).toMatchObject({ error_code: 42205 });
    expect((await http.get('/subjects/ro-value/versions/1')).status).toBe(200);

    expect((await http.delete('/mode/ro-value')).body).toEqual({ mode: 'READONLY' });
    expect((await http.get('/mode/ro-value')).body).toMatchObject({ error_code: 40409 });
    expect((await http.get('/mode/ro-value?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expect((await http.delete('/mode/ro-value')).body).toMatchObject({ error_code: 40401 });
  });

  it('refuses unknown modes (42204) and IMPORT over live subjects unless forced', async () => {
    const { http } = registry;
    expect((await http.put('/mode', { mode: 'SOMETIMES' })).body).toMatchObject({ error_code: 42204 });
    expect((await http.put('/mode', { mode: 'IMPORT' })).body).toEqual({
      error_code: 42205,
      message: 'Cannot import since found existing subjects',
    });
    expect((await http.get('/mode')).body).toEqual({ mode: 'READWRITE' });
  });

  it('switches a subject with only soft-deleted versions to IMPORT and purges them, in one transaction', async () => {
    const { http } = registry;
    await http.register('purge-value', avroRecord('P', [['a', 'int']]));
    expect((await http.put('/mode/purge-value', { mode: 'IMPORT' })).body).toMatchObject({ error_code: 42205 });
    await http.delete('/subjects/purge-value');
    expect((await http.put('/mode/purge-value', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    expect((await http.get('/subjects/purge-value/versions?deleted=true')).body).toMatchObject({ error_code: 40401 });
    expect((await http.get('/mode/purge-value')).body).toEqual({ mode: 'IMPORT' });
  });

  it('imports schemas with explicit ids and versions in IMPORT mode, then new ids continue above them', async () => {
    const { http } = registry;
    const s = 'imported-value';
    expect((await http.put(`/mode/${s}`, { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    const schema = avroRecord('Imported', [['a', 'int']]);

    const noId = await http.register(s, schema);
    expect(noId.body).toEqual({ error_code: 42205, message: `Subject ${s} is not in read-write mode` });

    const imported = await http.register(s, schema, { id: 5000, version: 7 });
    expect(imported.body).toMatchObject({ id: 5000, version: 7 });
    expect((await http.get('/schemas/ids/5000')).body).toEqual({ schema: JSON.stringify(schema) });

    const clash = await http.register(s, avroRecord('Other', [['b', 'int']]), { id: 5000, version: 8 });
    expect(clash.body).toEqual({
      error_code: 42205,
      message: 'Overwrite new schema with id 5000 in context  is not permitted.',
    });
    const sameContentOtherId = await http.register(s, schema, { id: 5001, version: 9 });
    expect(sameContentOtherId.body).toMatchObject({ error_code: 42207 });

    expect((await http.put(`/mode/${s}`, { mode: 'READWRITE' })).body).toEqual({ mode: 'READWRITE' });
    const withId = await http.register(
      s,
      avroRecord('Imported', [
        ['a', 'int'],
        ['b', 'int', 0],
      ]),
      { id: 9 },
    );
    expect(withId.body).toEqual({ error_code: 42205, message: `Subject ${s} is not in import mode` });
    const next = await http.register('after-import-value', avroRecord('Fresh', [['c', 'int']]));
    expect(next.body.id).toBeGreaterThan(5000);
  });
});
