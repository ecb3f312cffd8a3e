import { Redis } from 'ioredis';
import { createTestRedis, TestkitErrorCode, type TestRedis } from '../src';

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('createTestRedis', () => {
  let raw: Redis;
  let first: TestRedis;
  let second: TestRedis;

  beforeAll(async () => {
    raw = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    [first, second] = await Promise.all([createTestRedis(), createTestRedis()]);
  });

  afterAll(async () => {
    await Promise.all([first?.cleanup(), second?.cleanup()]);
    await raw.quit();
  });

  it('gives each call its own prefix', () => {
    expect(first.prefix).toMatch(/^test:[0-9a-f]+:$/);
    expect(second.prefix).not.toBe(first.prefix);
  });

  it('stores keys under the prefix, invisible to other test clients', async () => {
    await first.client.set('greeting', 'from-first');
    await second.client.set('greeting', 'from-second');

    expect(await first.client.get('greeting')).toBe('from-first');
    expect(await second.client.get('greeting')).toBe('from-second');
    expect(await raw.get(`${first.prefix}greeting`)).toBe('from-first');
    expect(await raw.get('greeting')).toBeNull();
  });

  it('cleanup deletes every key under its prefix, only those, and disconnects', async () => {
    const scratch = await createTestRedis();
    // More keys than one SCAN batch, of several types.
    const pipeline = scratch.client.pipeline();
    for (let i = 0; i < 1_200; i++) pipeline.set(`key:${i}`, String(i));
    pipeline.hset('hash', { a: '1' }).rpush('list', 'x').sadd('set', 'y');
    await pipeline.exec();
    await second.client.set('survivor', 'yes');
    expect(await keysUnder(raw, scratch.prefix)).toHaveLength(1_203);

    await scratch.cleanup();
    await scratch.cleanup();

    expect(await keysUnder(raw, scratch.prefix)).toEqual([]);
    expect(await second.client.get('survivor')).toBe('yes');
    expect(scratch.client.status).toBe('end');
  });

  it('reports an unreachable server as SERVICE_UNAVAILABLE', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    try {
      await expect(createTestRedis()).rejects.toMatchObject({ code: TestkitErrorCode.ServiceUnavailable });
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });
});
