import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const SCAN_BATCH = 500;

export interface TestRedis {
  /** The server's URL (`REDIS_URL`, default `redis://127.0.0.1:6379`). */
  url: string;
  /** Unique to this call, e.g. `test:1f2e3d4c5b6a7988:`; give it to code under test as its key prefix. */
  prefix: string;
  /** A connected client whose keys are all under `prefix` (ioredis `keyPrefix`). */
  client: Redis;
  /** Deletes every key under `prefix` and disconnects `client`. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** Connects to the Redis named by `REDIS_URL` with a key prefix of its own, so test files never see each other's keys. */
export async function createTestRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL ?? DEFAULT_URL;
  const prefix = `test:${randomBytes(8).toString('hex')}:`;
  let isConnected = false;
  const client = new Redis(url, {
    keyPrefix: prefix,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    // Fail fast (and leave no reconnect timer behind) if the first connection fails; reconnect as usual after.
    retryStrategy: (attempt) => (isConnected ? Math.min(attempt * 50, 2_000) : null),
  });
  try {
    await client.connect();
    isConnected = true;
  } catch (error) {
    throw new TestkitError(
      TestkitErrorCode.ServiceUnavailable,
      `cannot connect to Redis at ${url} (set REDIS_URL): ${String(error)}`,
      { cause: error },
    );
  }

  let cleaned: Promise<void> | undefined;
  return {
    url,
    prefix,
    client,
    cleanup: () => {
      cleaned ??= deleteKeysAndQuit(client, prefix);
      return cleaned;
    },
  };
}

async function deleteKeysAndQuit(client: Redis, prefix: string): Promise<void> {
  try {
    // SCAN patterns are not prefixed by ioredis and return full key names; DEL adds the prefix back.
    const pattern = `${escapeGlob(prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys.map((key) => key.slice(prefix.length)));
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
