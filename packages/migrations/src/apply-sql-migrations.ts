import { randomUUID } from 'node:crypto';
import { MigrationError, MigrationErrorCode } from './migration.errors';
import type { SqlMigration } from './read-sql-migrations';
import type { SqlTarget } from './sql-target';

/** The advisory lock `prisma migrate` takes, so this applier and Prisma's (and other replicas) never run at once. */
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
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

export interface ApplySqlMigrationsOptions {
  /** Refuse to start when the database holds migrations this list does not (default true). */
  rejectUnknown?: boolean;
}

/**
 * Applies the migrations the database has not applied yet, in order, each in its own transaction, and records
 * them in `_prisma_migrations` as `prisma migrate deploy` would, so Prisma's own tools see them as applied. Holds
 * Prisma's migrate advisory lock throughout, so replicas starting together apply each migration once. A failed
 * migration is rolled back, recorded with its error (as Prisma does) and thrown. Returns the names applied.
 */
export async function applySqlMigrations(
  target: SqlTarget,
  migrations: readonly SqlMigration[],
  options: ApplySqlMigrationsOptions = {},
): Promise<string[]> {
  await target.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
  try {
    await target.exec(CREATE_MIGRATIONS_TABLE);
    const { rows } = await target.query<MigrationRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    assertHistoryContinues(rows, migrations, options.rejectUnknown ?? true);
    const applied = new Set(rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));

    const appliedNow: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await applyOne(target, migration);
      appliedNow.push(migration.name);
    }
    return appliedNow;
  } finally {
    await target.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
  }
}

function assertHistoryContinues(
  rows: readonly MigrationRow[],
  migrations: readonly SqlMigration[],
  rejectUnknown: boolean,
): void {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    throw new MigrationError(
      MigrationErrorCode.FailedEarlier,
      `migration ${failed.map((row) => row.migration_name).join(', ')} failed earlier; resolve it before applying more`,
    );
  }
  const known = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    if (row.finished_at === null) continue;
    const migration = known.get(row.migration_name);
    if (!migration) {
      if (rejectUnknown) {
        throw new MigrationError(
          MigrationErrorCode.Unknown,
          `the database has migration ${row.migration_name}, which this build does not know; run a newer build`,
        );
      }
      continue;
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        MigrationErrorCode.Modified,
        `migration ${row.migration_name} was changed after it was applied (checksum differs); restore the file`,
      );
    }
  }
}

async function applyOne(target: SqlTarget, migration: SqlMigration): Promise<void> {
  const id = randomUUID();
  try {
    await target.exec('BEGIN');
    await target.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
      [id, migration.checksum, migration.name],
    );
    await target.exec(migration.sql);
    await target.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await target.exec('COMMIT');
  } catch (error) {
    // Record the failure as Prisma does; if the session itself is gone, there is nothing to record it with.
    await target
      .exec('ROLLBACK')
      .then(() =>
        target.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, clock_timestamp(), 0)',
          [id, migration.checksum, migration.name, String(error)],
        ),
      )
      .catch(() => undefined);
    throw new MigrationError(MigrationErrorCode.Failed, `migration ${migration.name} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
