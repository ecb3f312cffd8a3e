import { Kafka, logLevel } from 'kafkajs';
import { buildMockKafka } from './build-mock-kafka';
import { MockKafkaProcess } from './mock-kafka-process';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const MAX_PARTITIONS = 10_000;
const MAX_PUSHED_ERRORS = 60;

export interface TestKafkaTopic {
  name: string;
  partitions: number;
}

export interface StartTestKafkaOptions {
  /** Topics to create before returning; a bare name gets one partition. */
  topics?: Array<string | TestKafkaTopic>;
  /** Brokers in the mock cluster (ids 1..n); default 1. Ignored when `KAFKA_BROKERS` is set. */
  brokers?: number;
}

/** A Kafka cluster for tests. The fault methods work only on the mock broker. */
export interface TestKafka {
  /** Bootstrap addresses, `host:port`, ready for a client's `brokers` option. */
  brokers: string[];
  /** Creates a topic. Use this rather than a client's admin API: the mock broker does not implement CreateTopics. */
  createTopic(name: string, partitions?: number): Promise<void>;
  /** Disconnects a broker's clients and refuses new connections (-1: every broker). Leadership does not move. */
  setBrokerDown(brokerId: number): Promise<void>;
  /** Lets a broker accept connections again (-1: every broker). */
  setBrokerUp(brokerId: number): Promise<void>;
  /** Delays every response of a broker by `ms` (-1: every broker). */
  setRtt(brokerId: number, ms: number): Promise<void>;
  /** Makes the next requests of Kafka API `apiKey` (0 Produce, 1 Fetch, 3 Metadata…) fail with these error codes, one each. */
  pushRequestErrors(apiKey: number, errors: number[]): Promise<void>;
  /** Forgets the errors pushed for `apiKey` that have not been returned yet. */
  clearRequestErrors(apiKey: number): Promise<void>;
  /** Moves a partition's leadership to `brokerId` (-1: no leader). */
  setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void>;
  /** Stops the mock broker; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts librdkafka's mock cluster (a real Kafka-protocol implementation, in-process to a small child program)
 * with the given topics. When `KAFKA_BROKERS` is set, returns a handle on that cluster instead: topics are created
 * through the Kafka admin API and the fault methods throw `FAULT_INJECTION_UNSUPPORTED`.
 */
export async function startTestKafka(options: StartTestKafkaOptions = {}): Promise<TestKafka> {
  const topics = (options.topics ?? []).map((topic) =>
    typeof topic === 'string' ? { name: topic, partitions: 1 } : topic,
  );
  for (const topic of topics) assertTopic(topic.name, topic.partitions);

  const external = process.env.KAFKA_BROKERS;
  if (external) return connectExternalKafka(external, topics);

  const brokerCount = options.brokers ?? 1;
  assertInteger('brokers', brokerCount, 1, 64);
  const binary = await buildMockKafka();
  const args = [String(brokerCount), ...topics.map((topic) => `${topic.name}:${topic.partitions}`)];
  const { process: mock, bootstraps } = await MockKafkaProcess.start(binary, args);

  // Arguments are checked before anything reaches the child, and a bad one rejects like a refused command.
  return {
    brokers: bootstraps.split(','),
    createTopic: async (name, partitions = 1) => {
      assertTopic(name, partitions);
      await mock.command(`topic ${name} ${partitions}`);
    },
    setBrokerDown: async (brokerId) => mock.command(`down ${brokerIdArgument(brokerId)}`),
    setBrokerUp: async (brokerId) => mock.command(`up ${brokerIdArgument(brokerId)}`),
    setRtt: async (brokerId, ms) => {
      assertInteger('ms', ms, 0, 2 ** 31 - 1);
      await mock.command(`rtt ${brokerIdArgument(brokerId)} ${ms}`);
    },
    pushRequestErrors: async (apiKey, errors) => {
      assertInteger('apiKey', apiKey, 0, 32_767);
      if (errors.length === 0 || errors.length > MAX_PUSHED_ERRORS) {
        throw invalid(`errors: give 1 to ${MAX_PUSHED_ERRORS} error codes`);
      }
      for (const error of errors) assertInteger('error code', error, -(2 ** 31), 2 ** 31 - 1);
      await mock.command(`errors ${apiKey} ${errors.join(' ')}`);
    },
    clearRequestErrors: async (apiKey) => {
      assertInteger('apiKey', apiKey, 0, 32_767);
      await mock.command(`clear-errors ${apiKey}`);
    },
    setPartitionLeader: async (topic, partition, brokerId) => {
      assertTopic(topic, 1);
      assertInteger('partition', partition, 0, MAX_PARTITIONS - 1);
      await mock.command(`leader ${topic} ${partition} ${brokerIdArgument(brokerId)}`);
    },
    stop: () => mock.stop(),
  };
}

async function connectExternalKafka(list: string, topics: TestKafkaTopic[]): Promise<TestKafka> {
  const brokers = list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const kafka = new Kafka({ clientId: 'charter-testkit', brokers, logLevel: logLevel.NOTHING });

  const createTopics = async (wanted: TestKafkaTopic[]) => {
    if (wanted.length === 0) return;
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({
        topics: wanted.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
        waitForLeaders: true,
      });
    } catch (error) {
      throw new TestkitError(
        TestkitErrorCode.ServiceUnavailable,
        `cannot create topics on KAFKA_BROKERS=${list}: ${String(error)}`,
        { cause: error },
      );
    } finally {
      await admin.disconnect();
    }
  };
  const unsupported = async (): Promise<never> => {
    throw new TestkitError(
      TestkitErrorCode.FaultInjectionUnsupported,
      'fault injection needs the mock broker: unset KAFKA_BROKERS to run this test against it',
    );
  };

  await createTopics(topics);
  return {
    brokers,
    createTopic: async (name, partitions = 1) => {
      assertTopic(name, partitions);
      await createTopics([{ name, partitions }]);
    },
    setBrokerDown: unsupported,
    setBrokerUp: unsupported,
    setRtt: unsupported,
    pushRequestErrors: unsupported,
    clearRequestErrors: unsupported,
    setPartitionLeader: unsupported,
    stop: async () => undefined,
  };
}

function assertTopic(name: string, partitions: number): void {
  if (!TOPIC_NAME.test(name)) throw invalid(`topic name ${JSON.stringify(name)}: use 1-249 of [a-zA-Z0-9._-]`);
  assertInteger('partitions', partitions, 1, MAX_PARTITIONS);
}

function brokerIdArgument(brokerId: number): string {
  assertInteger('brokerId', brokerId, -1, 2 ** 31 - 1);
  return String(brokerId);
}

function assertInteger(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${what} ${value}: expected ${min}..${max}`);
  }
}

function invalid(message: string): TestkitError {
  return new TestkitError(TestkitErrorCode.InvalidArgument, message);
}
