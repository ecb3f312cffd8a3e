import { FINGERPRINT_VERSION, fingerprintSchema, parseSchema, type SchemaType } from '@charter/schema';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '@charter/testkit';
import { Client } from 'pg';
import pino from 'pino';
import { MIGRATIONS_DIR, startTestRegistry, type TestRegistry } from '../../src/testing';

/**
 * A database written by a registry whose fingerprint function lost nested types (version 1): its fingerprints are
 * the ones that registry computed (checked against the old code when this test was written). Started on it, the
 * registry recomputes them, reports what it cannot parse, and then tells different schemas apart.
 */
const OUTER_INT = {
  type: 'record',
  name: 'Outer',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'c', type: ['null', { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }] },
  ],
};
const OUTER_STRING = {
  ...OUTER_INT,
  fields: [
    { name: 'id', type: 'string' },
    { name: 'c', type: ['null', { type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] }] },
  ],
};
const B_PLAIN = { type: 'record', name: 'B', fields: [{ name: 'c', type: ['null', 'double'] }] };
const B_DOC = { type: 'record', name: 'B', fields: [{ name: 'c', type: ['null', 'double'], doc: 'added doc' }] };
/** What normalize=true stored for N: it names Q without defining it. */
const N_BROKEN = '{"name":"N","type":"record","fields":[{"name":"c","type":["null","Q"]}]}';
const PERSON = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

/** Version-1 fingerprints: Outer with an int and with a string shared one, as did B with and without its doc. */
const V1 = {
  outer: '66c0e694c87a7c4a174a2ee4d9805d538df565ebf960d95a06d67c0b116d8230',
  n: '329c9f79ebffb68fd2a0c57e36ff678f93cff02b892eddcec849c2ec0e1d88b8',
  b: 'b4a85b0eae67dc7bbc5ac691c28632335642cf91f3d845d6259a878f692c5e7d',
  person: 'f85e4d6708ed9a9652ed3b0d5d0aa4680a6cc77f3145f1375efad4425a437862',
  pending: 'aa'.repeat(32),
};
const OLD_STORE_ID = 'store-before-fingerprint-v2';

const fingerprintOf = (schemaType: SchemaType, schema: unknown) =>
  fingerprintSchema(parseSchema({ schemaType, schema: JSON.stringify(schema) }));

interface LogLine {
  event?: string;
  [key: string]: unknown;
}

function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

async function seedVersionOneDatabase(url: string, redis: TestRedis): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const schemas: Array<[number, string, SchemaType, string]> = [
      [1, V1.outer, 'AVRO', JSON.stringify(OUTER_INT)],
      [2, V1.n, 'AVRO', N_BROKEN],
      [3, V1.b, 'AVRO', JSON.stringify(B_DOC)],
      [4, V1.person, 'JSON', JSON.stringify(PERSON)],
    ];
    for (const [id, fingerprint, type, text] of schemas) {
      await client.query('INSERT INTO schemas (id, fingerprint, schema_type, schema) VALUES ($1, $2, $3, $4)', [
        id,
        fingerprint,
        type,
        text,
      ]);
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('schemas', 'id'), 4)`);
    for (const [subject, id] of [
      ['outer-value', 1],
      ['n-value', 2],
      ['b-value', 3],
      ['person-value', 4],
    ] as const) {
      await client.query('INSERT INTO subject_versions (subject, version, schema_id) VALUES ($1, 1, $2)', [
        subject,
        id,
      ]);
    }
    await client.query(
      `INSERT INTO subject_settings (subject, config) VALUES ('__GLOBAL', '{"compatibility":"NONE"}')`,
    );
    await client.query(`INSERT INTO registry_metadata (key, value) VALUES ('store-id', $1)`, [OLD_STORE_ID]);
    // One approval whose schema was stored (it follows the new fingerprint), one for a schema never registered.
    const approval = `INSERT INTO approvals (id, subject, fingerprint, reason, state, requested_by, approver_teams, expires_at)
                      VALUES ($1, 'outer-value', $2, 'seeded', $3, 'seed', '{}', now() + interval '1 day')`;
    await client.query(approval, ['00000000-0000-4000-8000-000000000001', V1.outer, 'approved']);
    await client.query(approval, ['00000000-0000-4000-8000-000000000002', V1.pending, 'requested']);
  } finally {
    await client.end();
  }
  // A shared cache entry written by the old registry: under the old store id, it must never be served again.
  const poisoned = { id: 1, fingerprint: V1.outer, schemaType: 'AVRO', schema: '"poisoned"', references: [] };
  await redis.client.set(
    `${redis.prefix}${OLD_STORE_ID}:data:schema:1`,
    JSON.stringify({ g: 0, v: { ...poisoned, metadata: null, ruleSet: null } }),
  );
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('stored fingerprints of an earlier version', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let registry: TestRegistry;
  const first = capturingLogger();

  beforeAll(async () => {
    database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
    redis = await createTestRedis();
    await seedVersionOneDatabase(database.url, redis);
    registry = await startTestRegistry({ database, redis, logger: first.logger });
  });

  afterAll(async () => {
    await registry?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  it('are recomputed at start from the stored text, with counts in the log', async () => {
    const migrated = first.lines.find((line) => line.event === 'fingerprints.migrated');
    expect(migrated).toMatchObject({
      fromVersion: 1,
      toVersion: FINGERPRINT_VERSION,
      migrated: true,
      schemas: 4,
      changed: 2,
      unparseable: 1,
      approvalsRemapped: 1,
      staleApprovals: 1,
      duplicates: [],
    });
    const rows = await query<{ id: number; fingerprint: string }>(
      database.url,
      'SELECT id, fingerprint FROM schemas ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, fingerprint: fingerprintOf('AVRO', OUTER_INT) },
      { id: 2, fingerprint: V1.n },
      { id: 3, fingerprint: fingerprintOf('AVRO', B_DOC) },
      { id: 4, fingerprint: fingerprintOf('JSON', PERSON) },
    ]);
    expect(rows[3]!.fingerprint).toBe(V1.person); // JSON Schema's content form did not change
    const approvals = await query<{ state: string; fingerprint: string }>(
      database.url,
      'SELECT state, fingerprint FROM approvals ORDER BY id',
    );
    expect(approvals).toEqual([
      { state: 'approved', fingerprint: fingerprintOf('AVRO', OUTER_INT) },
      { state: 'requested', fingerprint: V1.pending },
    ]);
    const metadata = await query<{ key: string; value: string }>(
      database.url,
      `SELECT key, value FROM registry_metadata ORDER BY key`,
    );
    const byKey = Object.fromEntries(metadata.map((row) => [row.key, row.value]));
    expect(byKey['fingerprint-version']).toBe(String(FINGERPRINT_VERSION));
    expect(byKey['store-id']).not.toBe(OLD_STORE_ID);
  });

  it('report a stored schema that does not parse, by id, in the log and GET /ready, and leave it as it was', async () => {
    expect(first.lines.find((line) => line.event === 'fingerprints.unparseable')).toMatchObject({ ids: [2] });
    const ready = await registry.http.get<{ status: string; warnings: unknown[] }>('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.warnings).toEqual([expect.objectContaining({ code: 'unparseable-schemas', schemaIds: [2] })]);
    // Without a key, /ready names ids only; what is wrong (taken from the schema's text) is in the log.
    expect(JSON.stringify(ready.body)).not.toContain('"Q"');
    expect(first.lines.find((line) => line.event === 'fingerprints.unparseable')).toMatchObject({
      schemas: [{ id: 2, problem: expect.stringContaining('unknown type "Q"') }],
    });
    const served = await registry.http.get<{ schema: string }>('/schemas/ids/2');
    expect(served.body.schema).toBe(N_BROKEN);
    // A level that compares with it names the stored schema, not the one being registered.
    await registry.http.put('/config/n-value', { compatibility: 'BACKWARD' });
    const compared = await registry.http.register('n-value', { type: 'record', name: 'N', fields: [] });
    expect(compared.status).toBe(422);
    expect(compared.body).toMatchObject({ error_code: 42201 });
    expect(compared.body.message).toContain('schema id 2, which no longer parses');
    await registry.http.delete('/config/n-value');
  });

  it('then give different schemas different ids and the same schema its id', async () => {
    expect((await registry.http.get<{ schema: string }>('/schemas/ids/1')).body.schema).toBe(JSON.stringify(OUTER_INT));
    const retyped = await registry.http.register('outer-value', OUTER_STRING);
    expect(retyped.status).toBe(200);
    expect(retyped.body).toMatchObject({ version: 2 });
    expect(retyped.body.id).not.toBe(1);
    const same = await registry.http.register('outer-value', OUTER_INT);
    expect(same.body).toMatchObject({ id: 1, version: 1 });
    const lookedUp = await registry.http.post<{ id: number }>('/subjects/b-value', { schema: JSON.stringify(B_DOC) });
    expect(lookedUp.body).toMatchObject({ id: 3, version: 1 });
    const withoutDoc = await registry.http.register('b-value', B_PLAIN);
    expect(withoutDoc.body).toMatchObject({ version: 2 });
    expect(withoutDoc.body.id).not.toBe(3);
    // The original N, registered again, gets a new id holding text every client can parse.
    const original = {
      type: 'record',
      name: 'N',
      fields: [{ name: 'c', type: ['null', { type: 'record', name: 'Q', fields: [{ name: 'q', type: 'string' }] }] }],
    };
    const repaired = await registry.http.post<{ id: number; version: number }>(
      '/subjects/n-value/versions?normalize=true',
      { schema: JSON.stringify(original) },
    );
    expect(repaired.body).toMatchObject({ version: 2 });
    const text = (await registry.http.get<{ schema: string }>(`/schemas/ids/${repaired.body.id}`)).body.schema;
    expect(parseSchema({ schemaType: 'AVRO', schema: text }).canonical).toBe(
      parseSchema({ schemaType: 'AVRO', schema: JSON.stringify(original) }).canonical,
    );
  });

  it('run once: a second start (two replicas at once) finds them done and keeps the store id', async () => {
    const before = await query<{ value: string }>(
      database.url,
      `SELECT value FROM registry_metadata WHERE key = 'store-id'`,
    );
    const logs = [capturingLogger(), capturingLogger()];
    const replicas = await Promise.all(logs.map(({ logger }) => startTestRegistry({ database, redis, logger })));
    try {
      for (const { lines } of logs) {
        expect(lines.find((line) => line.event === 'fingerprints.migrated')).toBeUndefined();
        expect(lines.find((line) => line.event === 'fingerprints.unparseable')).toMatchObject({ ids: [2] });
      }
      const ready = await replicas[0]!.http.get<{ warnings: unknown[] }>('/ready');
      expect(ready.body.warnings).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
    const after = await query<{ value: string }>(
      database.url,
      `SELECT value FROM registry_metadata WHERE key = 'store-id'`,
    );
    expect(after).toEqual(before);
  });
});

describe('two replicas starting together on a database of the earlier version', () => {
  it('migrate it once: one recomputes, the other waits for its lock and finds it done', async () => {
    const database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
    const redis = await createTestRedis();
    try {
      await seedVersionOneDatabase(database.url, redis);
      const logs = [capturingLogger(), capturingLogger()];
      const replicas = await Promise.all(logs.map(({ logger }) => startTestRegistry({ database, redis, logger })));
      try {
        const migrations = logs.flatMap(({ lines }) => lines.filter((line) => line.event === 'fingerprints.migrated'));
        expect(migrations).toHaveLength(1);
        const ids = await Promise.all(
          replicas.map(async (replica) => (await replica.http.register('outer-value', OUTER_INT)).body.id),
        );
        expect(ids).toEqual([1, 1]);
      } finally {
        await Promise.all(replicas.map((replica) => replica.close()));
      }
    } finally {
      await redis.cleanup();
      await database.drop();
    }
  });
});
