import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '@charter/testkit';
import pino from 'pino';
import { type Credentials, generateCredentials } from '../auth/api-key-credentials';
import { loadRegistryConfig } from '../config/registry-config';
import { createRegistryApp, type RegistryApp } from '../create-registry-app';
import { MIGRATIONS_DIR } from '../storage/open-database';
import { RegistryHttp } from './registry-http';

export { MIGRATIONS_DIR };

export interface TestRegistry {
  url: string;
  http: RegistryHttp;
  registry: RegistryApp;
  database: { url: string };
  redis: { url: string; prefix: string } | undefined;
  /** The admin key the registry was started with; `http` sends it. */
  adminKey: Credentials;
  /** That key as an Authorization header value (Basic). */
  admin: string;
  /** Stops this registry and drops what it created (not a database or Redis passed in). */
  close(): Promise<void>;
}

export interface StartTestRegistryOptions {
  /** Reuse a database (a second replica, a private server); by default each registry gets a fresh one. */
  database?: { url: string };
  /** `false`: no Redis (in-process cache only); given: share it (replicas, a private server); default: a fresh prefix. */
  redis?: false | { url: string; prefix: string };
  /** Extra environment, e.g. `{ CHARTER_DEFAULT_COMPATIBILITY: 'FULL' }`. */
  env?: Record<string, string>;
  /** Where the registry logs (default: silent, or LOG_LEVEL to stdout). */
  logger?: pino.Logger;
}

/**
 * Boots the real registry in this process on a real database (a copy of the migrated template) and Redis, listening
 * on a free port, so tests drive it over HTTP exactly as clients do.
 */
export async function startTestRegistry(options: StartTestRegistryOptions = {}): Promise<TestRegistry> {
  const ownDatabase: TestDatabase | undefined = options.database
    ? undefined
    : await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
  const database = options.database ?? ownDatabase!;
  const ownRedis: TestRedis | undefined = options.redis === undefined ? await createTestRedis() : undefined;
  const redis = options.redis === false ? undefined : (options.redis ?? ownRedis);
  const adminKey = generateCredentials();
  const config = loadRegistryConfig({
    CHARTER_ADMIN_KEY: `${adminKey.keyId}:${adminKey.secret}`,
    DATABASE_URL: database.url,
    PORT: '0',
    CHARTER_ACCESS_LOG: 'off',
    ...(redis ? { REDIS_URL: redis.url, CHARTER_REDIS_PREFIX: redis.prefix } : {}),
    ...options.env,
  });
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const registry = await createRegistryApp(config, logger);
  await registry.app.listen({ port: 0, host: '127.0.0.1' });
  const address = registry.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    http: new RegistryHttp(url, adminKey),
    registry,
    adminKey,
    admin: `Basic ${Buffer.from(`${adminKey.keyId}:${adminKey.secret}`).toString('base64')}`,
    database,
    redis,
    close: () => {
      closed ??= (async () => {
        await registry.close();
        await ownRedis?.cleanup();
        await ownDatabase?.drop();
      })();
      return closed;
    },
  };
}

/**
 * A registry for the whole test file: started in `beforeAll`, closed in `afterAll`. The returned object reads
 * through to it, so tests use `registry.http` as with {@link startTestRegistry}.
 */
export function useTestRegistry(options: StartTestRegistryOptions = {}): TestRegistry {
  let started: TestRegistry | undefined;
  beforeAll(async () => {
    started = await startTestRegistry(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): TestRegistry => {
    if (!started) throw new Error('the test registry starts in beforeAll');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get http() {
      return current().http;
    },
    get registry() {
      return current().registry;
    },
    get database() {
      return current().database;
    },
    get redis() {
      return current().redis;
    },
    get adminKey() {
      return current().adminKey;
    },
    get admin() {
      return current().admin;
    },
    close: () => current().close(),
  };
}
