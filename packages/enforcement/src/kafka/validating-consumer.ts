import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { EnforcementError, type EnforcementErrorClass } from '../enforcement.errors';
import type { Deserializer } from '../serde/deserializer';
import { DEAD_LETTER_HEADERS, OMITTED_BYTES_HEADER, OMITTED_VALUE_HEADER } from './dead-letter-headers';

export { DEAD_LETTER_HEADERS } from './dead-letter-headers';

/** A dead letter's class: the enforcement classes that are permanent, and a handler that kept failing. */
export type DeadLetterClass =
  | Exclude<EnforcementErrorClass, 'registry-unavailable' | 'registry-refused'>
  | 'handler-error';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: unknown;
  schemaId: number;
  headers: IHeaders;
}

export interface ConsumerEvents {
  /** A record the handler took. */
  handled?(record: ConsumedRecord): void;
  /** A record sent to the dead-letter topic. */
  deadLettered?(letter: { errorClass: DeadLetterClass; topic: string; partition: number; offset: string }): void;
  /** A partition paused because something it needs is down for now (the registry); it resumes by itself. */
  paused?(pause: { topic: string; partition: number; reason: string; ms: number }): void;
  /**
   * A fetched batch of one partition is done: each of its records handled or dead-lettered, up to where a pause
   * stopped it (`lastOffset` is the batch's last, not necessarily the last handled). Offsets are committed next.
   */
  batchProcessed?(batch: {
    topic: string;
    partition: number;
    firstOffset: string;
    lastOffset: string;
    size: number;
  }): void;
}

/**
 * What to do when the handler throws: `retry` it (with backoff, then dead-letter as `handler-error`), `dead-letter`
 * the record at once (the failure is the record's and permanent), or `pause` the partition and read the record again
 * later (something the handler needs is down for now: it is never dead-lettered for that).
 */
export type HandlerFailureAction = 'retry' | 'dead-letter' | 'pause';

/**
 * Something that looks at every valid record as it is read, synchronously (a drift profiler: `@charter/drift`'s
 * DriftProfiler fits). It must be cheap and must not throw; if it throws anyway, the record is still handled.
 */
export interface RecordObserver {
  observe(value: unknown): void;
}

export interface ValidatingConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  deserializer: Deserializer;
  handler(record: ConsumedRecord): Promise<void>;
  /** Where refused records go; `<topic>.dlq` unless said. */
  deadLetterTopic?: string;
  /** Tries of the handler after the first before its record is dead-lettered; 3 unless said. */
  handlerRetries?: number;
  /** The first handler retry's delay, doubled each time; 100 ms unless said. */
  handlerBackoffMs?: number;
  /** How long a partition pauses when the registry (or what `handlerFailure` says) cannot answer; 1 s unless said. */
  pauseMs?: number;
  /** How to treat an error the handler threw (see HandlerFailureAction); `retry` unless said. */
  handlerFailure?(error: unknown): HandlerFailureAction;
  /** The dead-letter producer is idempotent unless said (see ContractProducerOptions.idempotent). */
  idempotent?: boolean;
  /**
   * How long the group coordinator waits for a silent member before handing its partitions to others; kafkajs's
   * 30 s unless said. A consumer cut off from the broker rejoins as a new member, and the group waits this long for
   * the old one.
   */
  sessionTimeoutMs?: number;
  events?: ConsumerEvents;
  /** Shown each decoded, valid record before the handler gets it (see RecordObserver); nothing awaits it. */
  profiler?: RecordObserver;
}

/**
 * A kafkajs consumer that reads Confluent-framed records, checks them against their schema and hands them over.
 * - A record that can never be read as it should (bad frame, unknown schema id, another subject's schema, a record
 *   breaking its schema) goes to the dead-letter topic with headers naming why and where it came from.
 * - A handler that throws is retried with backoff, then its record is dead-lettered as `handler-error`, unless
 *   `handlerFailure` says the failure is permanent (dead-lettered at once) or transient (paused, read again).
 * - A transient failure (the registry cannot answer now) never dead-letters: the partition pauses and the record is
 *   read again when it resumes.
 * - An offset is committed only once its record is handled or dead-lettered: a crash re-delivers (at least once).
 */
export class ValidatingConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly deadLetterTopic: string;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private joined = false;

  constructor(private readonly options: ValidatingConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 200,
      ...(options.sessionTimeoutMs === undefined
        ? {}
        : {
            sessionTimeout: options.sessionTimeoutMs,
            heartbeatInterval: Math.max(100, Math.floor(options.sessionTimeoutMs / 10)),
          }),
    });
    // The dead letter is sent before its offset is committed; idempotence keeps a retried send from duplicating it.
    const idempotent = options.idempotent ?? true;
    this.producer = options.kafka.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : undefined });
    this.deadLetterTopic = options.deadLetterTopic ?? `${options.topic}.dlq`;
    // In the group: consuming. A crash (kafkajs restarts after retriable ones) or a disconnect: not, until it rejoins.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    for (const event of [this.consumer.events.CRASH, this.consumer.events.DISCONNECT, this.consumer.events.STOP]) {
      this.consumer.on(event, () => {
        this.joined = false;
      });
    }
    const { batchProcessed } = options.events ?? {};
    if (batchProcessed) {
      this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        batchProcessed({
          topic: payload.topic,
          partition: payload.partition,
          firstOffset: payload.firstOffset,
          lastOffset: payload.lastOffset,
          size: payload.batchSize,
        }),
      );
    }
  }

  /** `up` while the consumer is in its group (a service's readiness reports it), `down` otherwise. */
  get state(): 'up' | 'down' {
    return this.joined ? 'up' : 'down';
  }

  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.producer.connect()]);
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
  }

  async stop(): Promise<void> {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    let record: ConsumedRecord;
    try {
      const { value, schemaId } = await this.options.deserializer.deserialize(topic, message.value);
      record = {
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value,
        schemaId,
        headers: message.headers ?? {},
      };
    } catch (error) {
      if (error instanceof EnforcementError && !error.transient && error.errorClass !== 'registry-refused') {
        return this.deadLetter({ topic, partition, message }, error.errorClass as DeadLetterClass, error);
      }
      // The registry cannot answer (or refuses this client: a configuration problem, fixed by an operator): the
      // record is not at fault. Pause the partition and throw, so kafkajs reads this offset again after resuming.
      this.pause(topic, partition, (error as Error).message);
      throw error;
    }
    const profiler = this.options.profiler;
    if (profiler) {
      try {
        profiler.observe(record.value);
      } catch {
        // Profiling is metadata about records: a profiler's fault never holds up or dead-letters one.
      }
    }
    const retries = this.options.handlerRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.handler(record);
        this.options.events?.handled?.(record);
        return;
      } catch (error) {
        const action = this.options.handlerFailure?.(error) ?? 'retry';
        if (action === 'pause') {
          // Not the record's fault: read it again once the partition resumes, as for a registry outage.
          this.pause(topic, partition, (error as Error)?.message ?? String(error));
          throw error;
        }
        if (action === 'dead-letter' || attempt >= retries)
          return this.deadLetter({ topic, partition, message }, 'handler-error', error, record.schemaId);
        await new Promise((resolve) => setTimeout(resolve, (this.options.handlerBackoffMs ?? 100) * 2 ** attempt));
      }
    }
  }

  private pause(topic: string, partition: number, reason: string): void {
    const ms = this.options.pauseMs ?? 1_000;
    this.consumer.pause([{ topic, partitions: [partition] }]);
    this.options.events?.paused?.({ topic, partition, reason, ms });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      this.consumer.resume([{ topic, partitions: [partition] }]);
    }, ms);
    this.resumeTimers.add(timer);
  }

  /** Sends the record as it arrived (key, value, headers) with the reason; a failed send throws (no commit). */
  private async deadLetter(
    { topic, partition, message }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
    errorClass: DeadLetterClass,
    error: unknown,
    schemaId?: number,
  ): Promise<void> {
    const id = schemaId ?? (error instanceof EnforcementError ? error.details.schemaId : undefined);
    const headers: IHeaders = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.errorClass]: errorClass,
      [DEAD_LETTER_HEADERS.message]: headerText((error as Error)?.message ?? String(error)),
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: String(partition),
      [DEAD_LETTER_HEADERS.offset]: message.offset,
      [DEAD_LETTER_HEADERS.timestamp]: message.timestamp,
      ...(id === undefined ? {} : { [DEAD_LETTER_HEADERS.schemaId]: String(id) }),
    };
    try {
      await this.producer.send({
        topic: this.deadLetterTopic,
        messages: [{ key: message.key, value: message.value, headers }],
      });
    } catch (sendError) {
      if (!isTooLarge(sendError)) throw sendError;
      // The dead-letter topic refuses the record as it arrived: file the letter without its value, saying so, rather
      // than retry a send that can never succeed and block the partition behind it.
      await this.producer.send({
        topic: this.deadLetterTopic,
        messages: [
          {
            key: message.key,
            value: null,
            headers: {
              ...headers,
              [OMITTED_VALUE_HEADER]: 'record-too-large',
              [OMITTED_BYTES_HEADER]: String(message.value?.length ?? 0),
            },
          },
        ],
      });
    }
    this.options.events?.deadLettered?.({ errorClass, topic, partition, offset: message.offset });
  }
}

/** Whether kafkajs failed a send because the broker refuses a message that big (Kafka error 10), at any depth. */
function isTooLarge(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { type?: string }).type === 'MESSAGE_TOO_LARGE') return true;
  }
  return false;
}

/** Header values are bytes: keep them printable and bounded (a message may quote the record). */
function headerText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return printable.length > 2_000 ? `${printable.slice(0, 1_997)}...` : printable;
}
