import { mkdir } from 'node:fs/promises';
import { applySqlMigrations, pgTarget, readSqlMigrations } from '@charter/migrations';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Client } from 'pg';
import type { DatabaseConfig } from '../config/service-environment';

/** The part of a generated Prisma client the shell needs; each app passes its own client class. */
export interface PrismaLike {
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string): Promise<T>;
}

/** A driver adapter as Prisma's generated clients take it: a server's or the embedded database's. */
export type PrismaAdapter = SqlDriverAdapterFactory;

export interface OpenDatabase<Prisma extends PrismaLike> {
  prisma: Prisma;
  kind: DatabaseConfig['kind'];
  /** Names of the migrations applied by this start (empty when the database was up to date). */
  appliedMigrations: string[];
  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface OpenDatabaseOptions<Prisma extends PrismaLike> {
  config: DatabaseConfig;
  /** The app's `prisma/migrations` directory (Prisma's layout). */
  migrationsDir: string;
  /** Builds the app's generated client on a driver adapter. */
  createClient(adapter: PrismaAdapter): Prisma;
  logger: DatabaseLogger;
}

/**
 * Opens an app's database and brings its schema up to date: PostgreSQL at the configured URL, or, without one, an
 * embedded PostgreSQL (PGlite) kept on disk. The same migrations and queries run on both.
 */
export async function openDatabase<Prisma extends PrismaLike>(
  options: OpenDatabaseOptions<Prisma>,
): Promise<OpenDatabase<Prisma>> {
  const { config, logger } = options;
  const migrations = await readSqlMigrations(options.migrationsDir);
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
        // No statement runs unbounded: one that waits or works longer is cancelled (a retriable timeout).
        statement_timeout: config.statementTimeoutMs,
      },
      {
        onPoolError: (error) => logger.warn({ event: 'db.pool.error', error: error.message }, 'idle connection lost'),
        onConnectionError: (error) =>
          logger.warn({ event: 'db.connection.error', error: error.message }, 'connection lost'),
      },
    );
    const prisma = options.createClient(adapter);
    return {
      prisma,
      kind: 'postgres',
      appliedMigrations,
      ping: () => ping(prisma),
      close: () => prisma.$disconnect(),
    };
  }

  // Loaded only when used: PGlite's CommonJS build loads its WebAssembly with a dynamic import().
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  await mkdir(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: config.dataDir });
  const appliedMigrations = await applySqlMigrations(pglite, migrations);
  const prisma = options.createClient(new PrismaPGlite(pglite));
  return {
    prisma,
    kind: 'embedded',
    appliedMigrations,
    ping: () => ping(prisma),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

async function ping(prisma: PrismaLike): Promise<void> {
  await prisma.$queryRawUnsafe('SELECT 1');
}
