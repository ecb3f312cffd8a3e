import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { applySqlMigrations, pgTarget, readSqlMigrations } from '@charter/migrations';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import type { LineageConfig } from '../config/lineage-config';
import { PrismaClient } from '../generated/prisma/client';

/** Where the lineage service's migrations live, in the source tree and next to `dist/` alike. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

export interface OpenDatabase {
  prisma: PrismaClient;
  kind: 'postgres' | 'embedded';
  /** Names of the migrations applied by this start (empty when the database was up to date). */
  appliedMigrations: string[];
  close(): Promise<void>;
}

export interface DatabaseLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Opens the lineage service's database and brings its schema up to date: PostgreSQL at `DATABASE_URL`, or, without it,
 * an embedded PostgreSQL (PGlite) kept on disk. The same migrations and queries run on both.
 */
export async function openDatabase(config: LineageConfig['database'], logger: DatabaseLogger): Promise<OpenDatabase> {
  const migrations = await readSqlMigrations(MIGRATIONS_DIR);
  if (config.kind === 'postgres') {
    const client = new Client({ connectionString: config.url, connectionTimeoutMillis: 10_000 });
    await client.connect();
    let appliedMigrations: string[];
    try {
      appliedMigrations = await applySqlMigrations(pgTarget(client), migrations);
    } finally {
      await client.end();
    }
    const adapter = new PrismaPg(
      {
        connectionString: config.url,
        max: config.poolSize,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
        // No statement runs unbounded: one that waits or works longer is cancelled (a retriable 50002).
        statement_timeout: config.statementTimeoutMs,
      },
      {
        onPoolError: (error) => logger.warn({ event: 'db.pool.error', error: error.message }, 'idle connection lost'),
        onConnectionError: (error) =>
          logger.warn({ event: 'db.connection.error', error: error.message }, 'connection lost'),
      },
    );
    const prisma = new PrismaClient({ adapter });
    return { prisma, kind: 'postgres', appliedMigrations, close: () => prisma.$disconnect() };
  }

  // Loaded only when used: PGlite's CommonJS build loads its WebAssembly with a dynamic import().
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  await mkdir(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: config.dataDir });
  const appliedMigrations = await applySqlMigrations(pglite, migrations);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: 'embedded',
    appliedMigrations,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
