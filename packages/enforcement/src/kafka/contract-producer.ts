import { type IHeaders, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { EnforcementError, type Violation } from '../enforcement.errors';
import type { Serializer } from '../serde/serializer';
import { DEAD_LETTER_HEADERS } from './validating-consumer';

export interface ProducedRecord {
  key?: string | Buffer | null;
  value: unknown;
  headers?: IHeaders;
}

/** A record the producer refused: its place in the batch and why. */
export interface RefusedRecord {
  index: number;
  errorClass: EnforcementError['errorClass'];
  message: string;
  violations: Violation[];
}

/** Where a sent record landed: its place in the batch, its partition and offset. */
export interface DeliveredRecord {
  index: number;
  partition: number;
  /** Kafka's offset as a decimal string (offsets are 64-bit). */
  offset: string;
}

/**
 * What a batch with a bad record does: `reject` sends nothing and throws, listing every refused record; `dlq` sends
 * the good records and diverts only the bad ones, as given (JSON), to `<topic>.dlq`; `skip` sends the good records
 * and only returns the bad ones, for a caller that answers for them itself (an HTTP edge answering per item).
 */
export type RefusalPolicy = 'reject' | 'dlq' | 'skip';

export interface ProducerEvents {
  produced?(topic: string, count: number): void;
  /** Records refused, by the rule each first broke (`schema/required`, …; the error class when there is no rule). */
  rejected?(topic: string, rule: string): void;
  registryError?(topic: string): void;
}

export interface ContractProducerOptions {
  kafka: Kafka;
  /** Serializes values (and checks them); `keySerializer` does keys when they are schema'd too. */
  serializer: Serializer;
  keySerializer?: Serializer;
  /** What a batch with a bad record does (see RefusalPolicy); `reject` unless said, and a send may say otherwise. */
  policy?: RefusalPolicy;
  deadLetterTopic?(topic: string): string;
  /**
   * Kafka's idempotent producer (no duplicate after a retried send); on unless said. Off only for brokers without
   * it: librdkafka's mock cluster reports controller id 0, which kafkajs's InitProducerId cannot reach (ADR 0003).
   */
  idempotent?: boolean;
  events?: ProducerEvents;
}

/** A batch that `reject` refused: nothing was sent. */
export class RecordsRefusedError extends Error {
  override readonly name = 'RecordsRefusedError';

  constructor(
    readonly topic: string,
    readonly refused: RefusedRecord[],
  ) {
    super(
      `${refused.length} record(s) refused for ${topic}, nothing sent: ${refused
        .slice(0, 3)
        .map((record) => `#${record.index} ${record.message}`)
        .join('; ')}${refused.length > 3 ? '; …' : ''}`,
    );
  }
}

/**
 * A kafkajs producer that only writes what the registry's schema allows: each value is checked and serialized in
 * Confluent's wire format first, so an invalid record never reaches the topic. Sends are idempotent (no duplicate
 * after a retried send) and retried with kafkajs's backoff. A registry that cannot answer fails the whole batch with
 * a transient error (nothing sent, nothing diverted): the caller retries.
 */
export class ContractProducer {
  private readonly producer: Producer;
  /** The partition Kafka's default partitioner chose for each message of a send, to tell each record's offset. */
  private readonly partitions = new WeakMap<Message, number>();

  constructor(private readonly options: ContractProducerOptions) {
    const idempotent = options.idempotent ?? true;
    this.producer = options.kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      retry: { retries: 8, initialRetryTime: 100 },
      createPartitioner: () => {
        const partition = Partitioners.DefaultPartitioner();
        return (assignment) => {
          const chosen = partition(assignment);
          this.partitions.set(assignment.message, chosen);
          return chosen;
        };
      },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /**
   * Sends the records in order, or, as the policy says, refuses the batch, diverts the bad records or skips them.
   * Returns how many were sent, where each landed, and every refused record.
   */
  async send(
    topic: string,
    records: readonly ProducedRecord[],
    options: { policy?: RefusalPolicy } = {},
  ): Promise<{ sent: number; delivered: DeliveredRecord[]; refused: RefusedRecord[] }> {
    const framed: Array<{ key: string | Buffer | null; value: Buffer; headers?: IHeaders }> = [];
    const indexes: number[] = [];
    const refused: RefusedRecord[] = [];
    const policy = options.policy ?? this.options.policy ?? 'reject';
    for (const [index, record] of records.entries()) {
      try {
        const key =
          this.options.keySerializer && record.key !== undefined && record.key !== null
            ? await this.options.keySerializer.serialize(topic, record.key)
            : (record.key ?? null);
        framed.push({
          key,
          value: await this.options.serializer.serialize(topic, record.value),
          headers: record.headers,
        });
        indexes.push(index);
      } catch (error) {
        if (!(error instanceof EnforcementError) || error.transient || error.errorClass === 'registry-refused') {
          if (error instanceof EnforcementError) this.options.events?.registryError?.(topic);
          throw error;
        }
        refused.push({ index, errorClass: error.errorClass, message: error.message, violations: error.violations });
        this.options.events?.rejected?.(topic, error.violations[0]?.rule ?? error.errorClass);
      }
    }
    if (refused.length > 0 && policy === 'reject') throw new RecordsRefusedError(topic, refused);
    const delivered: DeliveredRecord[] = [];
    if (framed.length > 0) {
      const acknowledged = await this.producer.send({ topic, messages: framed });
      // Kafka answers with each partition's first offset; a partition's records follow it in the order sent.
      const next = new Map(acknowledged.map((entry) => [entry.partition, BigInt(entry.baseOffset ?? '-1')]));
      for (const [position, message] of framed.entries()) {
        const partition = this.partitions.get(message);
        const offset = partition === undefined ? undefined : next.get(partition);
        if (partition === undefined || offset === undefined || offset < 0n) continue;
        delivered.push({ index: indexes[position]!, partition, offset: String(offset) });
        next.set(partition, offset + 1n);
      }
    }
    this.options.events?.produced?.(topic, framed.length);
    if (refused.length > 0 && policy === 'dlq') await this.divert(topic, records, refused);
    return { sent: framed.length, delivered, refused };
  }

  private async divert(topic: string, records: readonly ProducedRecord[], refused: RefusedRecord[]): Promise<void> {
    const deadLetterTopic = this.options.deadLetterTopic?.(topic) ?? `${topic}.dlq`;
    await this.producer.send({
      topic: deadLetterTopic,
      messages: refused.map((refusal) => {
        const record = records[refusal.index]!;
        return {
          key: typeof record.key === 'string' || Buffer.isBuffer(record.key) ? record.key : null,
          value: JSON.stringify(record.value) ?? null,
          headers: {
            ...record.headers,
            [DEAD_LETTER_HEADERS.errorClass]: refusal.errorClass,
            [DEAD_LETTER_HEADERS.message]: refusal.message.slice(0, 2_000),
            [DEAD_LETTER_HEADERS.topic]: topic,
          },
        };
      }),
    });
  }
}
