import { type IHeaders, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { EnforcementError, type Violation } from '../enforcement.errors';
import type { Serializer } from '../serde/serializer';
import { DEAD_LETTER_HEADERS, OMITTED_VALUE_HEADER } from './dead-letter-headers';

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
  /** Records framed and handed to the broker; each is settled once, acknowledged or failed. */
  sendStarted?(topic: string, count: number): void;
  /** Records of a send the broker acknowledged (`true`) or that failed after kafkajs's retries (`false`). */
  sendSettled?(topic: string, count: number, acknowledged: boolean): void;
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
  /** How long `produce` waits for more records before sending what it holds; 5 ms unless said. */
  lingerMs?: number;
  /** `produce` sends at once when it holds this many records; 500 unless said. */
  maxBatchRecords?: number;
  /**
   * The largest framed record (key, value and headers) the producer sends: bigger ones are refused as
   * `record-too-large` before they reach the broker. 1 MiB unless said, Kafka's default `max.message.bytes`.
   */
  maxRecordBytes?: number;
  /** Attempts after the first when the broker fails a send, with kafkajs's exponential backoff; 8 unless said. */
  retries?: number;
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

interface Pending {
  topic: string;
  message: Message;
  resolve(): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_RECORD_BYTES = 1_048_576;

/**
 * A kafkajs producer that only writes what the registry's schema allows: each value is checked and serialized in
 * Confluent's wire format first, so an invalid record never reaches the topic. Sends are idempotent (no duplicate
 * after a retried send) and retried with kafkajs's backoff. A registry that cannot answer fails the whole batch with
 * a transient error (nothing sent, nothing diverted): the caller retries.
 *
 * `send` writes a caller's batch as one request; `produce` takes records one at a time and batches them itself
 * (`lingerMs`, `maxBatchRecords`), each caller's promise settling when its own record is written or refused.
 */
export class ContractProducer {
  private readonly producer: Producer;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** The partition Kafka's default partitioner chose for each message of a send, to tell each record's offset. */
  private readonly partitions = new WeakMap<Message, number>();

  constructor(private readonly options: ContractProducerOptions) {
    const idempotent = options.idempotent ?? true;
    this.producer = options.kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      retry: { retries: options.retries ?? 8, initialRetryTime: 100 },
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

  /** Sends what `produce` still holds, then disconnects. */
  async disconnect(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.producer.disconnect();
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
    const framed: Message[] = [];
    const indexes: number[] = [];
    const refused: RefusedRecord[] = [];
    const policy = options.policy ?? this.options.policy ?? 'reject';
    for (const [index, record] of records.entries()) {
      const outcome = await this.frame(topic, record, index);
      if ('refused' in outcome) refused.push(outcome.refused);
      else {
        framed.push(outcome.message);
        indexes.push(index);
      }
    }
    if (refused.length > 0 && policy === 'reject') throw new RecordsRefusedError(topic, refused);
    const delivered: DeliveredRecord[] = [];
    if (framed.length > 0) {
      const acknowledged = await this.sendToBroker(topic, framed);
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

  /**
   * Checks one record now and queues it for the next batch. Resolves once it is written; a bad record is refused
   * alone (`reject`: this call throws RecordsRefusedError; `dlq`: it is diverted and the refusal returned; `skip`:
   * the refusal is returned), never
   * failing the records of other callers batched with it.
   */
  async produce(topic: string, record: ProducedRecord): Promise<{ refused?: RefusedRecord }> {
    const outcome = await this.frame(topic, record, 0);
    if ('refused' in outcome) {
      const policy = this.options.policy ?? 'reject';
      if (policy === 'reject') throw new RecordsRefusedError(topic, [outcome.refused]);
      if (policy === 'dlq') await this.divert(topic, [record], [outcome.refused]);
      return { refused: outcome.refused };
    }
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ topic, message: outcome.message, resolve, reject });
      if (this.pending.length >= (this.options.maxBatchRecords ?? 500)) this.sendPending();
      else this.timer ??= setTimeout(() => this.sendPending(), this.options.lingerMs ?? 5);
    });
    return {};
  }

  /** Sends every record `produce` holds and waits for every batch in flight. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) this.sendPending();
    await Promise.all([...this.inFlight]);
  }

  private sendPending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) {
      const messages = byTopic.get(topic) ?? [];
      messages.push(message);
      byTopic.set(topic, messages);
    }
    const events = this.options.events;
    for (const [topic, messages] of byTopic) events?.sendStarted?.(topic, messages.length);
    const sending = this.producer
      .sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => {
          for (const [topic, messages] of byTopic) {
            events?.sendSettled?.(topic, messages.length, true);
            events?.produced?.(topic, messages.length);
          }
          for (const entry of batch) entry.resolve();
        },
        (error) => {
          for (const [topic, messages] of byTopic) events?.sendSettled?.(topic, messages.length, false);
          for (const entry of batch) entry.reject(error);
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** One send, reported to `events` as started, then settled acknowledged or failed. */
  private async sendToBroker(topic: string, messages: Message[]) {
    this.options.events?.sendStarted?.(topic, messages.length);
    try {
      const acknowledged = await this.producer.send({ topic, messages });
      this.options.events?.sendSettled?.(topic, messages.length, true);
      return acknowledged;
    } catch (error) {
      this.options.events?.sendSettled?.(topic, messages.length, false);
      throw error;
    }
  }

  /** The record in wire format, or why it is refused; registry trouble (transient or refused) is thrown as is. */
  private async frame(
    topic: string,
    record: ProducedRecord,
    index: number,
  ): Promise<{ message: Message } | { refused: RefusedRecord }> {
    try {
      const key =
        this.options.keySerializer && record.key !== undefined && record.key !== null
          ? await this.options.keySerializer.serialize(topic, record.key)
          : (record.key ?? null);
      const value = await this.options.serializer.serialize(topic, record.value);
      const size = framedSize(key, value, record.headers);
      const limit = this.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
      if (size > limit) {
        throw new EnforcementError(
          'record-too-large',
          `the record is ${size} bytes framed, over the producer's limit of ${limit} (maxRecordBytes)`,
          { violations: [{ rule: 'record/max-bytes', path: '', message: `${size} bytes > ${limit}` }] },
        );
      }
      return { message: { key, value, headers: record.headers } };
    } catch (error) {
      if (!(error instanceof EnforcementError) || error.transient || error.errorClass === 'registry-refused') {
        if (error instanceof EnforcementError) this.options.events?.registryError?.(topic);
        throw error;
      }
      this.options.events?.rejected?.(topic, error.violations[0]?.rule ?? error.errorClass);
      return {
        refused: { index, errorClass: error.errorClass, message: error.message, violations: error.violations },
      };
    }
  }

  private async divert(topic: string, records: readonly ProducedRecord[], refused: RefusedRecord[]): Promise<void> {
    const deadLetterTopic = this.options.deadLetterTopic?.(topic) ?? `${topic}.dlq`;
    await this.producer.send({
      topic: deadLetterTopic,
      messages: refused.map((refusal) => {
        const record = records[refusal.index]!;
        // A record refused for its size would be refused by the dead-letter topic too: its letter says so instead.
        const tooLarge = refusal.errorClass === 'record-too-large';
        return {
          key: typeof record.key === 'string' || Buffer.isBuffer(record.key) ? record.key : null,
          value: tooLarge ? null : (JSON.stringify(record.value) ?? null),
          headers: {
            ...record.headers,
            [DEAD_LETTER_HEADERS.errorClass]: refusal.errorClass,
            [DEAD_LETTER_HEADERS.message]: refusal.message.slice(0, 2_000),
            [DEAD_LETTER_HEADERS.topic]: topic,
            ...(tooLarge ? { [OMITTED_VALUE_HEADER]: 'record-too-large' } : {}),
          },
        };
      }),
    });
  }
}

/** A record's size as the broker counts it, near enough: key, value and every header name and value. */
function framedSize(key: string | Buffer | null, value: Buffer, headers: IHeaders | undefined): number {
  let size = value.length + (key === null ? 0 : Buffer.byteLength(key));
  for (const [name, header] of Object.entries(headers ?? {})) {
    size += Buffer.byteLength(name);
    for (const part of Array.isArray(header) ? header : [header]) {
      if (part !== undefined) size += Buffer.byteLength(part);
    }
  }
  return size;
}
