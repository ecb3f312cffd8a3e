import path from 'node:path';
import { type DatabaseConfig, type DatabaseLogger, type OpenDatabase, openDatabase } from '@charter/service-host';
import { PrismaClient } from '../generated/prisma/client';

/** Where the pipeline's migrations live, in the source tree and next to `dist/` alike. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

export type PipelineDatabase = OpenDatabase<PrismaClient>;

/** The pipeline's own database (a server, or embedded PGlite), migrated to its schema (the staging tables). */
export function openPipelineDatabase(config: DatabaseConfig, logger: DatabaseLogger): Promise<PipelineDatabase> {
  return openDatabase({
    config,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter }),
    logger,
  });
}
