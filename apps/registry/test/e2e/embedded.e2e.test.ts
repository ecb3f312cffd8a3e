import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { readKeyFile } from '../../src/auth/admin-key-file';
import { loadRegistryConfig } from '../../src/config/registry-config';
import { createRegistryApp, type RegistryApp } from '../../src/create-registry-app';
import { avroRecord, RegistryHttp } from '../../src/testing';

/** The run command's default: no DATABASE_URL and no REDIS_URL → PGlite on disk and the in-process cache. */
async function startEmbedded(dataDir: string): Promise<{ app: RegistryApp; http: RegistryHttp }> {
  const config = loadRegistryConfig({ PORT: '0', CHARTER_DATA_DIR: dataDir, CHARTER_ACCESS_LOG: 'off' });
  expect(config.database).toEqual({ kind: 'embedded', dataDir: path.join(dataDir, 'registry-db') });
  const app = await createRegistryApp(config, pino({ level: 'silent' }));
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // First start: no admin key exists, so one is written to <data dir>/admin.key (mode 0600).
  const key = await readKeyFile(path.join(dataDir, 'admin.key'));
  if (!key) throw new Error('the first start writes an admin key file');
  return { app, http: new RegistryHttp(`http://127.0.0.1:${port}`, key) };
}

describe('embedded mode (PGlite on disk, no Redis)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'charter-embedded-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the same API, serialises concurrent writes, and keeps everything across a restart', async () => {
    const first = await startEmbedded(dataDir);
    let ids: number[];
    try {
      expect((await first.http.get('/ready')).body).toEqual({ status: 'ready', database: 'up', cache: 'memory' });
      expect((await stat(path.join(dataDir, 'admin.key'))).mode & 0o777).toBe(0o600);
      expect((await first.http.as(undefined).get('/subjects')).status).toBe(401);
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, k) =>
          first.http.register(
            'embedded-value',
            avroRecord(
              'E',
              Array.from({ length: k + 1 }, (_, i): [string, unknown, unknown] => [`f${i}`, ['null', 'int'], null]),
            ),
          ),
        ),
      );
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect((await first.http.get('/subjects/embedded-value/versions')).body).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      ids = responses.map((response) => response.body.id);
      const refused = await first.http.register('embedded-value', avroRecord('E', [['g', 'int']]));
      expect(refused.status).toBe(409);
    } finally {
      await first.app.close();
    }

    const keyFile = await readFile(path.join(dataDir, 'admin.key'), 'utf8');
    const second = await startEmbedded(dataDir);
    try {
      // An admin key exists now: the second start makes no other and leaves the file as it was.
      expect(await readFile(path.join(dataDir, 'admin.key'), 'utf8')).toBe(keyFile);
      expect((await second.http.get('/keys')).body).toHaveLength(1);
      expect(second.app.runtime.database.appliedMigrations).toEqual([]);
      expect((await second.http.get('/subjects/embedded-value/versions')).body).toHaveLength(30);
      expect((await second.http.get(`/schemas/ids/${ids[0]}`)).status).toBe(200);
      const next = await second.http.register('other-value', avroRecord('O', [['a', 'int']]));
      expect(next.body.id).toBeGreaterThan(Math.max(...ids));
    } finally {
      await second.app.close();
    }
  });
});

describe('embedded mode, started on fingerprints of an earlier version', () => {
  it('recomputes them on PGlite too, and then finds every stored schema by its content again', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'charter-embedded-fp-'));
    try {
      const nested = (type: string) =>
        avroRecord('Outer', [['c', ['null', { type: 'record', name: 'R', fields: [{ name: 'a', type }] }]]]);
      const first = await startEmbedded(dataDir);
      let ids: number[];
      try {
        await first.http.put('/config', { compatibility: 'NONE' });
        ids = [
          (await first.http.register('fp-value', nested('int'))).body.id,
          (await first.http.register('fp-value', nested('string'))).body.id,
        ];
      } finally {
        await first.app.close();
      }
      // What an earlier registry left: other fingerprints, and no record of their version.
      const { PGlite } = await import('@electric-sql/pglite');
      const database = await PGlite.create({ dataDir: path.join(dataDir, 'registry-db') });
      await database.exec(`UPDATE schemas SET fingerprint = lpad(to_hex(id), 64, '0');
                           DELETE FROM registry_metadata WHERE key = 'fingerprint-version';`);
      await database.close();

      const second = await startEmbedded(dataDir);
      try {
        expect(second.app.runtime.fingerprints).toMatchObject({ migrated: true, fromVersion: 1, changed: 2 });
        expect((await second.http.register('fp-value', nested('int'))).body).toMatchObject({ id: ids[0], version: 1 });
        expect((await second.http.register('fp-value', nested('string'))).body).toMatchObject({
          id: ids[1],
          version: 2,
        });
        expect((await second.http.get('/subjects/fp-value/versions')).body).toEqual([1, 2]);
      } finally {
        await second.app.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
