import { createTestRedis, type RecordingServer, startRecordingServer, type TestRedis } from '@charter/testkit';
import { Redis } from 'ioredis';
import { type DispatcherOptions, NotificationDispatcher } from '../src/dispatch/notification-dispatcher';
import { SIGNATURE_HEADER, verifyWebhook } from '../src/webhook-signature';

const SECRET = 'notify-test-secret-0123456789abcdef';
let redis: TestRedis;
let connection: Redis;
let status = 200;
let server: RecordingServer;
const received: RecordingServer['requests'] = [];
let url: string;

/** A dispatcher on the test's Redis namespace, with its own queue. */
function dispatcherFor(queueName: string, options: Omit<DispatcherOptions, 'connection'>): NotificationDispatcher {
  return new NotificationDispatcher({ connection, prefix: redis.prefix.slice(0, -1), queueName, ...options });
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  redis = await createTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  server = await startRecordingServer((request) => {
    received.push(request);
    return status;
  });
  url = `${server.origin}/hook`;
});
afterAll(async () => {
  connection.disconnect();
  await redis.cleanup();
  await server.close();
});

describe('NotificationDispatcher (BullMQ on real Redis)', () => {
  it('delivers each queued notification once, signed, and an id queues it only once', async () => {
    const dispatcher = dispatcherFor('delivered', {
      endpoints: { 'orders-hook': { channel: 'webhook', url, secret: SECRET } },
    });
    try {
      received.length = 0;
      status = 200;
      await dispatcher.enqueue({ endpoint: 'orders-hook', body: { text: 'hello' } }, 'notice-1');
      await dispatcher.enqueue({ endpoint: 'orders-hook', body: { text: 'hello' } }, 'notice-1');
      dispatcher.start();
      await waitFor(async () => (await dispatcher.counts()).completed === 1, 'the delivery');
      expect(received).toHaveLength(1);
      const [delivery] = received;
      expect(JSON.parse(delivery!.body)).toEqual({ text: 'hello' });
      const check = verifyWebhook(
        SECRET,
        delivery!.headers[SIGNATURE_HEADER] as string,
        delivery!.body,
        Math.floor(Date.now() / 1000),
        300,
      );
      expect(check.valid).toBe(true);
    } finally {
      await dispatcher.close();
    }
  });

  it('retries a failing endpoint with backoff, then keeps the delivery as a dead letter', async () => {
    const dispatcher = dispatcherFor('failing', {
      attempts: 3,
      backoffMs: 50,
      endpoints: { pager: { channel: 'pagerduty', url, routingKey: 'R0UT1NGKEY' } },
      onFailed: (failure) => failures.push(failure),
    });
    const failures: Array<{ attempts: number; deadLettered: boolean; endpoint: string }> = [];
    try {
      received.length = 0;
      status = 500;
      await dispatcher.enqueue({ endpoint: 'pager', body: { event_action: 'trigger' } });
      dispatcher.start();
      await waitFor(async () => (await dispatcher.counts()).failed === 1, 'the dead letter');
      expect(received).toHaveLength(3);
      expect(received[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
      // The routing key is added on delivery: the queued job never held it.
      expect(JSON.parse(received[0]!.body)).toEqual({ routing_key: 'R0UT1NGKEY', event_action: 'trigger' });
      await waitFor(() => failures.length === 3, 'three failure reports');
      expect(failures.map(({ attempts, deadLettered }) => [attempts, deadLettered])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      const [dead] = await dispatcher.deadLetters();
      expect(dead).toEqual(
        expect.objectContaining({
          endpoint: 'pager',
          channel: 'pagerduty',
          attempts: 3,
          error: 'HTTP 500 from pagerduty endpoint pager',
        }),
      );
      const stored = await connection.hgetall(`${redis.prefix}failing:${dead!.id}`);
      expect(stored.data).toContain('event_action');
      expect(JSON.stringify(stored)).not.toContain('R0UT1NGKEY');
      expect(JSON.stringify(stored)).not.toContain(url);
    } finally {
      status = 200;
      await dispatcher.close();
    }
  });

  it('sends GitHub its token and fails a job at once when its endpoint is no longer configured', async () => {
    const dispatcher = dispatcherFor('github', {
      attempts: 5,
      backoffMs: 50,
      endpoints: { comments: { channel: 'github', url, token: 'ghp_test' } },
    });
    try {
      received.length = 0;
      await dispatcher.enqueue({ endpoint: 'comments', body: { body: '### hello' } });
      await dispatcher.enqueue({ endpoint: 'removed-since', body: { body: 'x' } });
      dispatcher.start();
      await waitFor(async () => {
        const counts = await dispatcher.counts();
        return counts.completed === 1 && counts.failed === 1;
      }, 'one delivery and one dead letter');
      expect(received).toHaveLength(1);
      expect(received[0]!.headers).toMatchObject({
        authorization: 'Bearer ghp_test',
        accept: 'application/vnd.github+json',
      });
      expect(await dispatcher.deadLetters()).toEqual([
        expect.objectContaining({
          endpoint: 'removed-since',
          channel: undefined,
          attempts: 1,
          error: 'no endpoint named "removed-since" is configured',
        }),
      ]);
    } finally {
      await dispatcher.close();
    }
  });
});
