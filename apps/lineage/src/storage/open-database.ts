import path from 'node:path';
import { type DatabaseConfig, type DatabaseLogger, type OpenDatabase, openDatabase } from '@charter/service-host';
import { PrismaClient } from '../generated/prisma/client';

/** Where the lineage service's migrations live, in the source tree and next to `dist/` alike. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

export type LineageDatabase = OpenDatabase<PrismaClient>;

/** The lineage service's own database (a server, or embedded PGlite), migrated to its schema. */
export function openLineageDatabase(config: DatabaseConfig, logger: DatabaseLogger): Promise<LineageDatabase> {
  return openDatabase({
    config,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter }),
    logger,
  });
}
