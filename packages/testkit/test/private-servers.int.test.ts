import { Redis } from 'ioredis';
import { Client } from 'pg';
import { startPrivatePostgres, startPrivateRedis } from '../src';

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe('startPrivatePostgres', () => {
  it('runs a server of its own that can be stopped and started again, keeping its data', async () => {
    const server = await startPrivatePostgres();
    try {
      expect(await selectOne(server.url)).toBe(1);
      const client = new Client({ connectionString: server.url });
      await client.connect();
      await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
      await client.end();

      await server.stop();
      await expect(selectOne(server.url)).rejects.toThrow();

      await server.start();
      const again = new Client({ connectionString: server.url });
      await again.connect();
      expect((await again.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
      await again.end();
    } finally {
      await server.destroy();
    }
  });
});

describe('startPrivateRedis', () => {
  it('runs a server of its own that can be killed and started again empty', async () => {
    const server = await startPrivateRedis();
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');

      await server.stop();
      await expect(client.get('k')).rejects.toThrow();

      await server.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const fresh = new Redis(server.url);
      expect(await fresh.get('k')).toBeNull();
      fresh.disconnect();
    } finally {
      client.disconnect();
      await server.destroy();
    }
  });
});
