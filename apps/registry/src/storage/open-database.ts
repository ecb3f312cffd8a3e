import path from 'node:path';
import { type DatabaseConfig, type DatabaseLogger, type OpenDatabase, openDatabase } from '@charter/service-host';
import { PrismaClient } from '../generated/prisma/client';

/** Where the registry's migrations live, in the source tree and next to `dist/` alike. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

export type RegistryDatabase = OpenDatabase<PrismaClient>;

/** The registry's database (a server, or embedded PGlite), migrated to the registry's schema. */
export function openRegistryDatabase(config: DatabaseConfig, logger: DatabaseLogger): Promise<RegistryDatabase> {
  return openDatabase({
    config,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter }),
    logger,
  });
}
