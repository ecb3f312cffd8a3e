import { applySqlMigrations as apply, MigrationError, pgTarget, readSqlMigrations } from '@charter/migrations';
import { connectPostgres } from './connect-postgres';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

/**
 * Applies the Prisma-layout migrations in `dir` (`<dir>/<name>/migration.sql`) that `connectionString`'s database
 * has not applied yet, through `@charter/migrations` (the same applier the apps run at boot). Returns the names of
 * the migrations applied.
 */
export async function applySqlMigrations(connectionString: string, dir: string): Promise<string[]> {
  const migrations = await readSqlMigrations(dir);
  const client = await connectPostgres(connectionString);
  try {
    return await apply(pgTarget(client), migrations);
  } catch (error) {
    if (error instanceof MigrationError) {
      throw new TestkitError(TestkitErrorCode.MigrationFailed, error.message, { cause: error });
    }
    throw error;
  } finally {
    await client.end();
  }
}
