import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComposeFile } from './read-compose-file';

/**
 * The databases a compose file's PostgreSQL service creates on its first start: the `CREATE DATABASE`s in the SQL
 * files bind-mounted at /docker-entrypoint-initdb.d (the postgres image runs them), read relative to `composeDir`.
 */
export function listInitialDatabases(compose: ComposeFile, composeDir: string, service = 'postgres'): string[] {
  const init = compose.services[service]?.volumes.find((mount) => mount.target === '/docker-entrypoint-initdb.d');
  if (!init?.source) return [];
  const directory = path.resolve(composeDir, init.source);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .flatMap((file) => [...readFileSync(path.join(directory, file), 'utf8').matchAll(/CREATE DATABASE "?(\w+)"?/gi)])
    .map((match) => match[1] ?? '');
}
