import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One Prisma-layout migration: `<dir>/<name>/migration.sql`. */
export interface SqlMigration {
  /** The directory name, e.g. `20250101000000_init`; recorded as `migration_name`. */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes, as Prisma records it. */
  checksum: string;
}

/** Reads the migrations in `dir` in name order (Prisma's order). Entries that are not migration directories are skipped. */
export async function readSqlMigrations(dir: string): Promise<SqlMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: SqlMigration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, 'migration.sql');
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes === undefined) continue;
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return migrations;
}
