import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import pino from 'pino';
import { loadLineageConfig } from '../../src/config/lineage-config';
import { createLineageApp, type LineageApp } from '../../src/create-lineage-app';

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

/** JSON over HTTP with an Authorization header; never throws on 4xx. */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  authorization: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A key of `role` from the registry (it issues the keys lineage checks), as the Authorization header to send. */
export async function issueKey(registry: { url: string; admin: string }, role: string): Promise<string> {
  const { status, body } = await call<{ id: string; secret: string }>(`${registry.url}/keys`, 'POST', registry.admin, {
    name: role,
    role,
  });
  if (status !== 201) throw new Error(`could not issue a ${role} key: ${JSON.stringify(body)}`);
  return `Bearer ${body.id}.${body.secret}`;
}

/** The sample flow's OpenLineage events (contracts/lineage/sample-flow.json). */
export const SAMPLE_FLOW: Array<Record<string, unknown>> = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);

export interface LineageStack {
  readonly registry: TestRegistry;
  readonly lineage: TestLineage;
}

/** A registry and a lineage service checking keys with it, for the whole test file (started in beforeAll). */
export function useLineageStack(options: { registryEnv?: Record<string, string> } = {}): LineageStack {
  let started: LineageStack | undefined;
  beforeAll(async () => {
    // The real registry: it issues the API keys the lineage service checks.
    const registry = await startTestRegistry({ env: options.registryEnv });
    started = { registry, lineage: await startTestLineage({ registryUrl: registry.url }) };
  });
  afterAll(async () => {
    await started?.lineage.close();
    await started?.registry.close();
  });
  const current = (): LineageStack => {
    if (!started) throw new Error('the lineage stack starts in beforeAll');
    return started;
  };
  return {
    get registry() {
      return current().registry;
    },
    get lineage() {
      return current().lineage;
    },
  };
}
