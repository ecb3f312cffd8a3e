import { avroRecord, startTestRegistry, type TestRegistry } from '../../src/testing';
import { eventually } from '../support/eventually';

let a: TestRegistry;
let b: TestRegistry;

beforeAll(async () => {
  a = await startTestRegistry();
  b = await startTestRegistry({ database: a.database, redis: a.redis });
});

afterAll(async () => {
  await b.close();
  await a.close();
});

describe('two replicas sharing Postgres and Redis', () => {
  it('see each other’s writes at once: register, soft delete, config and mode, hard delete', async () => {
    const s = 'shared-value';
    const v1 = await a.http.register(s, avroRecord('S', [['a', 'int']]));
    // B caches the version list and the schema...
    expect((await b.http.get(`/subjects/${s}/versions`)).body).toEqual([1]);
    expect((await b.http.get(`/subjects/${s}/versions/latest`)).body).toMatchObject({ version: 1 });
    expect((await b.http.get(`/schemas/ids/${v1.body.id}`)).status).toBe(200);

    // ...and still sees A's next write immediately (the write path invalidates through Redis).
    await a.http.register(
      s,
      avroRecord('S', [
        ['a', 'int'],
        ['b', 'int', 0],
      ]),
    );
    await eventually(async () => (await b.http.get(`/subjects/${s}/versions`)).body, [1, 2]);
    await eventually(
      async () => ((await b.http.get(`/subjects/${s}/versions/latest`)).body as { version: number }).version,
      2,
    );

    await a.http.delete(`/subjects/${s}/versions/2`);
    await eventually(async () => (await b.http.get(`/subjects/${s}/versions`)).body, [1]);

    await b.http.put(`/config/${s}`, { compatibility: 'NONE' });
    await eventually(async () => (await a.http.get(`/config/${s}`)).body, { compatibilityLevel: 'NONE' });
    await b.http.put('/mode', { mode: 'READONLY' });
    await eventually(async () => (await a.http.register(s, avroRecord('S', [['z', 'int']]))).body, {
      error_code: 42205,
      message: `Subject ${s} is in read-only mode`,
    });
    await b.http.put('/mode', { mode: 'READWRITE' });
    await eventually(async () => (await a.http.get('/mode')).body, { mode: 'READWRITE' });

    await a.http.delete(`/subjects/${s}`);
    await a.http.delete(`/subjects/${s}?permanent=true`);
    await eventually(async () => (await b.http.get(`/schemas/ids/${v1.body.id}`)).status, 404);
  });
});

describe('two registries on different databases sharing one Redis prefix', () => {
  it('never serve each other’s cached schemas (ids repeat across databases)', async () => {
    const other = await startTestRegistry({ redis: a.redis });
    try {
      const mine = avroRecord('Mine', [['a', 'int']]);
      const theirs = avroRecord('Theirs', [['b', 'string']]);
      const first = await a.http.register('iso-a-value', mine);
      const second = await other.http.register('iso-b-value', theirs);
      expect((await a.http.get(`/schemas/ids/${first.body.id}`)).body).toEqual({ schema: JSON.stringify(mine) });
      expect((await other.http.get(`/schemas/ids/${second.body.id}`)).body).toEqual({ schema: JSON.stringify(theirs) });
      expect((await other.http.get(`/schemas/ids/${first.body.id}`)).body).not.toEqual({
        schema: JSON.stringify(mine),
      });
    } finally {
      await other.close();
    }
  });
});
