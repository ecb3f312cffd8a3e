// What other packages' tests use to run a real lineage service (`@charter/lineage/testing`); never imported by src.
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import pino from 'pino';
import { loadLineageConfig } from '../config/lineage-config';
import { createLineageApp, type LineageApp } from '../create-lineage-app';

export const LINEAGE_MIGRATIONS = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');
export const CONTRACTS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'contracts');

async function listen(
  app: { listen(options: { port: number; host: string }): Promise<unknown>; getHttpServer(): { address(): unknown } },
  port = 0,
) {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

export interface TestLineage {
  url: string;
  app: LineageApp;
  database: { url: string };
  close(): Promise<void>;
}

/** The lineage service on a fresh database (or `database`, to restart on the same one). */
export async function startTestLineage(options: {
  registryUrl: string;
  database?: TestDatabase;
  /** A fixed port (the registry was told where lineage will be); default any free one. */
  port?: number;
  /** Extra environment, e.g. `{ KAFKA_BROKERS }`. */
  env?: Record<string, string>;
}): Promise<TestLineage> {
  const database = options.database ?? (await createTestDatabase({ migrationsDir: LINEAGE_MIGRATIONS }));
  const config = loadLineageConfig({
    CHARTER_LINEAGE_DATABASE_URL: database.url,
    CHARTER_LINEAGE_PORT: '0',
    CHARTER_REGISTRY_URL: options.registryUrl,
    CHARTER_CONTRACTS_DIR: CONTRACTS_DIR,
    ...options.env,
  });
  const app = await createLineageApp(config, pino({ level: process.env.LOG_LEVEL ?? 'silent' }));
  const url = await listen(app.app, options.port);
  return {
    url,
    app,
    database,
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
