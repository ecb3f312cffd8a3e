import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MigrationErrorCode } from '@charter/migrations';
import { Client } from 'pg';
import { applySqlMigrations, createTestDatabase, type TestDatabase, TestkitErrorCode } from '../src';

const MIGRATIONS_DIR = path.join(__dirname, 'fixtures', 'migrations');
const MIGRATION_NAMES = ['20250101000000_create_widgets', '20250102000000_add_widget_color'];
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function query<Row extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return (await query(ADMIN_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

describe('createTestDatabase', () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    // Concurrent, like two Jest workers asking for the same template at once.
    [first, second] = await Promise.all([
      createTestDatabase({ migrationsDir: MIGRATIONS_DIR }),
      createTestDatabase({ migrationsDir: MIGRATIONS_DIR }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('gives each call its own database, reachable at its URL', async () => {
    expect(first.name).not.toBe(second.name);
    expect(first.name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    const [row] = await query<{ db: string }>(first.url, 'SELECT current_database() AS db');
    expect(row?.db).toBe(first.name);
  });

  it('applies the migrations, including their data', async () => {
    const columns = await query<{ column_name: string }>(
      first.url,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'widget' ORDER BY column_name",
    );
    expect(columns.map((column) => column.column_name)).toEqual(['color', 'id', 'name']);
    const widgets = await query<{ name: string; color: string }>(first.url, 'SELECT name, color FROM widget');
    expect(widgets).toEqual([{ name: 'seeded', color: 'grey' }]);
  });

  it('keeps the databases isolated from each other', async () => {
    await query(first.url, "INSERT INTO widget (name) VALUES ('only-in-first')");
    const inFirst = await query<{ name: string }>(first.url, 'SELECT name FROM widget ORDER BY name');
    const inSecond = await query<{ name: string }>(second.url, 'SELECT name FROM widget ORDER BY name');
    expect(inFirst.map((row) => row.name)).toEqual(['only-in-first', 'seeded']);
    expect(inSecond.map((row) => row.name)).toEqual(['seeded']);
  });

  it('records the migrations in _prisma_migrations as Prisma does', async () => {
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      logs: string | null;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(second.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');

    expect(rows.map((row) => row.migration_name)).toEqual(MIGRATION_NAMES);
    for (const row of rows) {
      const file = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }

    const columns = await query<{ column_name: string; type: string; nullable: boolean }>(
      second.url,
      `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
         FROM pg_attribute a WHERE a.attrelid = '"_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum`,
    );
    expect(columns).toEqual([
      { column_name: 'id', type: 'character varying(36)', nullable: false },
      { column_name: 'checksum', type: 'character varying(64)', nullable: false },
      { column_name: 'finished_at', type: 'timestamp with time zone', nullable: true },
      { column_name: 'migration_name', type: 'character varying(255)', nullable: false },
      { column_name: 'logs', type: 'text', nullable: true },
      { column_name: 'rolled_back_at', type: 'timestamp with time zone', nullable: true },
      { column_name: 'started_at', type: 'timestamp with time zone', nullable: false },
      { column_name: 'applied_steps_count', type: 'integer', nullable: false },
    ]);
  });

  it('copies both databases from one template build', async () => {
    expect(first.template).toBeDefined();
    expect(second.template).toBe(first.template);
    const sql = 'SELECT id FROM "_prisma_migrations" ORDER BY migration_name';
    expect(await query(second.url, sql)).toEqual(await query(first.url, sql));
  });

  it('builds a template for new migrations once, however many ask at once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'testkit-template-'));
    const databases: TestDatabase[] = [];
    try {
      // A unique migration makes a template no earlier run has built.
      await mkdir(path.join(dir, '1_unique'));
      await writeFile(path.join(dir, '1_unique', 'migration.sql'), `CREATE TABLE built (run text DEFAULT '${dir}');`);
      databases.push(...(await Promise.all([1, 2, 3].map(() => createTestDatabase({ migrationsDir: dir })))));

      const templates = new Set(databases.map((database) => database.template));
      expect(templates.size).toBe(1);
      const ids = await Promise.all(
        databases.map((database) => query<{ id: string }>(database.url, 'SELECT id FROM "_prisma_migrations"')),
      );
      expect(ids[0]).toHaveLength(1);
      expect(ids[1]).toEqual(ids[0]);
      expect(ids[2]).toEqual(ids[0]);
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
      const template = databases[0]?.template;
      if (template) await query(ADMIN_URL, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('drops the database, and a second drop is harmless', async () => {
    const scratch = await createTestDatabase();
    expect(await databaseExists(scratch.name)).toBe(true);
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    client.on('error', () => undefined); // the forced drop terminates this session
    await scratch.drop(); // WITH (FORCE): an open connection does not block it
    await scratch.drop();
    expect(await databaseExists(scratch.name)).toBe(false);
    await client.end().catch(() => undefined);
  });
});

describe('applySqlMigrations', () => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'testkit-migrations-'));
  });

  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeMigration(name: string, sql: string): Promise<void> {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }

  it('applies only what is new, in name order', async () => {
    await writeMigration('2_second', 'INSERT INTO step (n) VALUES (2);');
    await writeMigration('1_first', 'CREATE TABLE step (n int); INSERT INTO step (n) VALUES (1);');
    expect(await applySqlMigrations(database.url, dir)).toEqual(['1_first', '2_second']);
    expect(await applySqlMigrations(database.url, dir)).toEqual([]);

    await writeMigration('3_third', 'INSERT INTO step (n) VALUES (3);');
    expect(await applySqlMigrations(database.url, dir)).toEqual(['3_third']);
    const steps = await query<{ n: number }>(database.url, 'SELECT n FROM step ORDER BY n');
    expect(steps.map((row) => row.n)).toEqual([1, 2, 3]);
  });

  it('rolls a failing migration back, records it with its error, and refuses to continue', async () => {
    await writeMigration('1_ok', 'CREATE TABLE kept (n int);');
    await writeMigration('2_broken', 'CREATE TABLE lost (n int); SELECT * FROM no_such_table;');

    await expect(applySqlMigrations(database.url, dir)).rejects.toMatchObject({
      code: TestkitErrorCode.MigrationFailed,
    });

    const tables = await query<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(['_prisma_migrations', 'kept']);
    const rows = await query<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
      database.url,
      'SELECT migration_name, finished_at, logs FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toEqual([
      { migration_name: '1_ok', finished_at: expect.any(Date), logs: null },
      { migration_name: '2_broken', finished_at: null, logs: expect.stringContaining('no_such_table') },
    ]);
    await expect(applySqlMigrations(database.url, dir)).rejects.toMatchObject({
      code: TestkitErrorCode.MigrationFailed,
    });
  });

  it('refuses a database whose applied migration was edited since, or which a newer build migrated', async () => {
    await writeMigration('1_first', 'CREATE TABLE step (n int);');
    await applySqlMigrations(database.url, dir);

    await writeFile(path.join(dir, '1_first', 'migration.sql'), 'CREATE TABLE step (n bigint);');
    await expect(applySqlMigrations(database.url, dir)).rejects.toMatchObject({
      code: TestkitErrorCode.MigrationFailed,
      cause: { code: MigrationErrorCode.Modified },
    });

    await rm(path.join(dir, '1_first'), { recursive: true });
    await expect(applySqlMigrations(database.url, dir)).rejects.toMatchObject({
      cause: { code: MigrationErrorCode.Unknown },
    });
  });

  it('reports an unreachable server as SERVICE_UNAVAILABLE', async () => {
    await expect(applySqlMigrations('postgresql://postgres@127.0.0.1:1/postgres', dir)).rejects.toMatchObject({
      code: TestkitErrorCode.ServiceUnavailable,
    });
  });
});
