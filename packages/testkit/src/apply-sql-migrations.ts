import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { connectPostgres } from './connect-postgres';
import { readSqlMigrations } from './read-sql-migrations';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

/** The advisory lock `prisma migrate` takes, so this applier and Prisma's never run at once on one database. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** Prisma's own migrations table, column for column. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the Prisma-layout migrations in `dir` (`<dir>/<name>/migration.sql`) that `connectionString`'s database
 * has not applied yet, each in its own transaction, and records them in `_prisma_migrations` as `prisma migrate
 * deploy` would, so Prisma's own tools see them as applied. A failed migration is rolled back, recorded with its
 * error in `logs` (as Prisma does) and thrown. Returns the names of the migrations applied.
 */
export async function applySqlMigrations(connectionString: string, dir: string): Promise<string[]> {
  const migrations = await readSqlMigrations(dir);
  const client = await connectPostgres(connectionString);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<MigrationRow>(
      'SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed.length > 0) {
      throw new TestkitError(
        TestkitErrorCode.MigrationFailed,
        `migration ${failed.map((row) => row.migration_name).join(', ')} failed earlier; resolve it before applying more`,
      );
    }
    const applied = new Set(rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));

    const appliedNow: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await applyOne(client, migration.name, migration.sql, migration.checksum);
      appliedNow.push(migration.name);
    }
    return appliedNow;
  } finally {
    await client.end();
  }
}

async function applyOne(client: Client, name: string, sql: string, checksum: string): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
      [id, checksum, name],
    );
    await client.query(sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, clock_timestamp(), 0)',
      [id, checksum, name, String(error)],
    );
    throw new TestkitError(TestkitErrorCode.MigrationFailed, `migration ${name} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
