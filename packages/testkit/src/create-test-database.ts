import { createHash, randomBytes } from 'node:crypto';
import { readSqlMigrations } from '@charter/migrations';
import { applySqlMigrations } from './apply-sql-migrations';
import { connectPostgres } from './connect-postgres';
import { quoteIdentifier } from './quote-identifier';

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Bump when the way templates are built changes, so stale templates are not reused. */
const TEMPLATE_FORMAT = 1;

export interface CreateTestDatabaseOptions {
  /** A Prisma migrations directory (`<dir>/<name>/migration.sql`); without it the database is empty. */
  migrationsDir?: string;
}

export interface TestDatabase {
  /** Connection URL of the new database: the admin URL with its database name replaced. */
  url: string;
  /** The database's name, unique to this call. */
  name: string;
  /** The template database it was copied from (shared, never drop it while tests run); none without migrations. */
  template: string | undefined;
  /** Drops the database, disconnecting anyone still connected. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the server named by `DATABASE_URL` (an admin URL; default
 * `postgresql://postgres@127.0.0.1:5432/postgres`). With `migrationsDir`, the database is a copy of a template
 * that holds those migrations: the template is built once per migrations content and reused by every test file
 * and Jest worker after that.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const template = options.migrationsDir ? await ensureTemplateDatabase(adminUrl, options.migrationsDir) : undefined;
  const name = `charter_test_${randomBytes(8).toString('hex')}`;

  const admin = await connectPostgres(adminUrl);
  try {
    const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}${from}`);
  } finally {
    await admin.end();
  }

  return {
    url: withDatabaseName(adminUrl, name),
    name,
    template,
    drop: () => dropDatabase(adminUrl, name),
  };
}

/** Returns the name of a database holding exactly the migrations in `dir`, building it if no run has yet. */
async function ensureTemplateDatabase(adminUrl: string, dir: string): Promise<string> {
  const migrations = await readSqlMigrations(dir);
  const digest = createHash('sha256').update(`format ${TEMPLATE_FORMAT}\n`);
  for (const migration of migrations) digest.update(`${migration.name}\0${migration.checksum}\n`);
  const template = `charter_template_${digest.digest('hex').slice(0, 24)}`;
  const building = `${template}_building`;

  const admin = await connectPostgres(adminUrl);
  try {
    // Parallel Jest workers queue here; the first builds the template, the others find it built.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`charter-testkit:${template}`]);
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (existing.rowCount === 0) {
      // Build under another name and rename when complete, so an interrupted build is never mistaken for a template.
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
      try {
        await applySqlMigrations(withDatabaseName(adminUrl, building), dir);
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
        throw error;
      }
      await admin.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`);
    }
  } finally {
    await admin.end(); // also releases the advisory lock
  }
  return template;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connectPostgres(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}
