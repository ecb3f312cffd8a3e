import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { type Consumer, type EachMessagePayload, Kafka, logLevel, type Producer } from 'kafkajs';
import { startTestKafka, type TestKafka, TestkitErrorCode } from '../src';

const GROUP_TIMEOUTS = { sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 };
const API_PRODUCE = 0;
const REQUEST_TIMED_OUT = 7;

function clientFor(kafka: TestKafka, retries = 5): Kafka {
  return new Kafka({
    clientId: 'testkit-test',
    brokers: kafka.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries, initialRetryTime: 200 },
  });
}

function uniqueId(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

async function waitFor(isDone: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function highWatermarks(client: Kafka, topic: string): Promise<number> {
  const admin = client.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

class PoisonMessageError extends Error {}

interface Order {
  id: number;
  isPoison: boolean;
}

/**
 * The consumer under test: handles each message, and re-produces a message it cannot handle to `<topic>.dlq`
 * with where it came from and why, instead of blocking the partition.
 */
function withDeadLetters(producer: Producer, handle: (payload: EachMessagePayload) => Promise<void>) {
  return async (payload: EachMessagePayload): Promise<void> => {
    try {
      await handle(payload);
    } catch (error) {
      const { topic, partition, message } = payload;
      await producer.send({
        topic: `${topic}.dlq`,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              'x-original-topic': topic,
              'x-original-partition': String(partition),
              'x-original-offset': message.offset,
              'x-error': error instanceof Error ? error.message : String(error),
            },
          },
        ],
      });
    }
  };
}

describe('startTestKafka with the mock broker', () => {
  let kafka: TestKafka;
  let client: Kafka;
  const closers: Array<Producer | Consumer> = [];

  beforeAll(async () => {
    kafka = await startTestKafka({ topics: [{ name: 'orders', partitions: 3 }, 'orders.dlq'] });
    client = clientFor(kafka);
  });

  afterEach(async () => {
    await Promise.all(closers.splice(0).map((closer) => closer.disconnect()));
  });

  afterAll(async () => {
    await kafka?.stop();
  });

  it('produces, consumes in a group, and dead-letters poison messages', async () => {
    const orders: Order[] = Array.from({ length: 40 }, (_, id) => ({ id, isPoison: id % 5 === 3 }));
    const producer = client.producer({ allowAutoTopicCreation: false });
    closers.push(producer);
    await producer.connect();
    await producer.send({
      topic: 'orders',
      messages: orders.map((order) => ({ key: `order-${order.id}`, value: JSON.stringify(order) })),
    });

    const processed: number[] = [];
    const deadLettered = new Map<number, { partition: number; offset: string }>();
    const consumer = client.consumer({ groupId: uniqueId('orders'), ...GROUP_TIMEOUTS });
    closers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    await consumer.run({
      eachMessage: withDeadLetters(producer, async ({ partition, message }) => {
        const order = JSON.parse(String(message.value)) as Order;
        if (order.isPoison) {
          deadLettered.set(order.id, { partition, offset: message.offset });
          throw new PoisonMessageError(`poison order ${order.id}`);
        }
        processed.push(order.id);
      }),
    });
    await waitFor(() => processed.length + deadLettered.size >= orders.length, 20_000, 'orders to be consumed');

    const poisonIds = orders.filter((order) => order.isPoison).map((order) => order.id);
    expect(processed.length + deadLettered.size).toBe(orders.length);
    expect([...processed].sort((a, b) => a - b)).toEqual(orders.filter((o) => !o.isPoison).map((o) => o.id));
    expect([...deadLettered.keys()].sort((a, b) => a - b)).toEqual(poisonIds);

    // Read the dead-letter topic back, as an operator would.
    const dlq: Array<{ id: number; headers: Record<string, string> }> = [];
    const dlqConsumer = client.consumer({ groupId: uniqueId('orders-dlq'), ...GROUP_TIMEOUTS });
    closers.push(dlqConsumer);
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: 'orders.dlq', fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        dlq.push({ id: (JSON.parse(String(message.value)) as Order).id, headers });
      },
    });
    await waitFor(() => dlq.length >= poisonIds.length, 20_000, 'dead letters to be consumed');

    expect(dlq.map((letter) => letter.id).sort((a, b) => a - b)).toEqual(poisonIds);
    for (const letter of dlq) {
      const origin = deadLettered.get(letter.id);
      expect(letter.headers).toEqual({
        'x-original-topic': 'orders',
        'x-original-partition': String(origin?.partition),
        'x-original-offset': origin?.offset,
        'x-error': `poison order ${letter.id}`,
      });
    }
    expect(await highWatermarks(client, 'orders.dlq')).toBe(poisonIds.length);
  }, 60_000);

  it('creates topics with the partitions asked for', async () => {
    const topic = uniqueId('created');
    await kafka.createTopic(topic, 4);
    const admin = client.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(4);
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects what the broker refuses and what is unsafe to send it', async () => {
    await expect(kafka.setBrokerDown(99)).rejects.toMatchObject({ code: TestkitErrorCode.MockKafkaCommandFailed });
    await expect(kafka.createTopic('two words')).rejects.toMatchObject({ code: TestkitErrorCode.InvalidArgument });
    await expect(kafka.pushRequestErrors(API_PRODUCE, [])).rejects.toMatchObject({
      code: TestkitErrorCode.InvalidArgument,
    });
    // The broker still answers after refusing.
    await expect(kafka.setRtt(1, 0)).resolves.toBeUndefined();
  });
});

describe('fault injection', () => {
  let kafka: TestKafka;
  let client: Kafka;
  const producers: Producer[] = [];

  beforeEach(async () => {
    kafka = await startTestKafka({ topics: ['events'] });
    client = clientFor(kafka);
  });

  afterEach(async () => {
    await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
    await kafka.stop();
  });

  async function connectedProducer(retries = 5): Promise<Producer> {
    const producer = clientFor(kafka, retries).producer({ allowAutoTopicCreation: false });
    producers.push(producer);
    await producer.connect();
    return producer;
  }

  it('holds sends while the broker is down and completes them when it is back', async () => {
    const producer = await connectedProducer();
    await producer.send({ topic: 'events', messages: [{ value: 'before' }] });

    await kafka.setBrokerDown(1);
    let isSent = false;
    const sending = producer.send({ topic: 'events', messages: [{ value: 'during' }] }).then(() => {
      isSent = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(isSent).toBe(false);

    await kafka.setBrokerUp(1);
    await sending;
    expect(isSent).toBe(true);
    expect(await highWatermarks(client, 'events')).toBe(2);
  }, 30_000);

  it('fails requests with the errors pushed, and retries get through', async () => {
    const strict = await connectedProducer(0);
    await kafka.pushRequestErrors(API_PRODUCE, [REQUEST_TIMED_OUT]);
    await expect(strict.send({ topic: 'events', messages: [{ value: 'refused' }] })).rejects.toThrow(/timed out/i);

    const patient = await connectedProducer();
    await kafka.pushRequestErrors(API_PRODUCE, [REQUEST_TIMED_OUT, REQUEST_TIMED_OUT, REQUEST_TIMED_OUT]);
    await patient.send({ topic: 'events', messages: [{ value: 'retried' }] });
    // The pushed errors are used up: a send that may not retry succeeds again.
    await strict.send({ topic: 'events', messages: [{ value: 'clean' }] });
    expect(await highWatermarks(client, 'events')).toBe(2);
  }, 30_000);

  it('stops the broker: its port closes and later commands reject', async () => {
    const [host, port] = kafka.brokers[0]!.split(':');
    await kafka.stop();
    await kafka.stop();

    await expect(kafka.setBrokerUp(1)).rejects.toMatchObject({ code: TestkitErrorCode.MockKafkaExited });
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), host, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

describe('startTestKafka with KAFKA_BROKERS set', () => {
  const saved = process.env.KAFKA_BROKERS;

  afterEach(() => {
    if (saved === undefined) delete process.env.KAFKA_BROKERS;
    else process.env.KAFKA_BROKERS = saved;
  });

  it('uses that cluster and refuses fault injection', async () => {
    process.env.KAFKA_BROKERS = ' kafka-1:9092, kafka-2:9092 ';
    const kafka = await startTestKafka();
    expect(kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    await expect(kafka.setBrokerDown(1)).rejects.toMatchObject({ code: TestkitErrorCode.FaultInjectionUnsupported });
    await expect(kafka.pushRequestErrors(API_PRODUCE, [REQUEST_TIMED_OUT])).rejects.toMatchObject({
      code: TestkitErrorCode.FaultInjectionUnsupported,
    });
    await kafka.stop();
  });
});

describe('startTestKafka without a usable broker binary', () => {
  const saved = process.env.CHARTER_MOCK_KAFKA_BIN;

  afterEach(() => {
    if (saved === undefined) delete process.env.CHARTER_MOCK_KAFKA_BIN;
    else process.env.CHARTER_MOCK_KAFKA_BIN = saved;
  });

  it('reports that the broker could not run', async () => {
    process.env.CHARTER_MOCK_KAFKA_BIN = '/nonexistent/mock-kafka';
    await expect(startTestKafka()).rejects.toMatchObject({ code: TestkitErrorCode.MockKafkaExited });
  });
});
