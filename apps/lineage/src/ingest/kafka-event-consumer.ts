import { isDomainError } from '@charter/errors';
import { type Consumer, type EachMessagePayload, Kafka, logLevel, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { LineageService } from '../lineage/lineage.service';

export interface KafkaIngestOptions {
  brokers: string[];
  topic: string;
  deadLetterTopic: string;
  groupId: string;
}

/** Headers a dead letter carries: why, and where it came from. */
export const DEAD_LETTER_HEADERS = {
  error: 'charter-error',
  reason: 'charter-reason',
  topic: 'charter-original-topic',
  partition: 'charter-original-partition',
  offset: 'charter-original-offset',
} as const;

/**
 * The same ingest as `POST /api/v1/lineage`, from a Kafka topic (OpenLineage's Kafka transport). A message that is
 * not valid OpenLineage goes to the dead-letter topic with the reason in its headers and changes nothing; a valid one
 * is stored and applied before its offset is committed, so a store outage retries rather than loses events.
 */
export class KafkaEventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private joined = false;

  constructor(
    private readonly options: KafkaIngestOptions,
    private readonly lineage: LineageService,
    private readonly logger: Logger,
  ) {
    const kafka = new Kafka({
      clientId: 'charter-lineage',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200 },
    });
    this.consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 200 });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    // In the group: consuming. A crash (kafkajs restarts after retriable ones) or a disconnect: not, until it rejoins.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(this.consumer.events.CRASH, () => {
      this.joined = false;
    });
    this.consumer.on(this.consumer.events.DISCONNECT, () => {
      this.joined = false;
    });
  }

  /** `up` while the consumer is in its group (readiness reports it). */
  get state(): 'up' | 'down' {
    return this.joined ? 'up' : 'down';
  }

  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.producer.connect()]);
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
    this.logger.info({ event: 'lineage.kafka.started', topic: this.options.topic }, 'consuming OpenLineage events');
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const text = message.value?.toString('utf8') ?? '';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return this.deadLetter(topic, partition, message, 'malformed-json', (error as Error).message);
    }
    try {
      await this.lineage.ingest(body);
    } catch (error) {
      if (isDomainError(error) && error.code === 'invalid-event') {
        const violations = (error.details.violations ?? []) as Array<{ path: string; code: string }>;
        const reason = violations.map((violation) => `${violation.path || '/'} ${violation.code}`).join('; ');
        return this.deadLetter(topic, partition, message, 'invalid-event', reason);
      }
      // Anything else (the store is down): throwing makes kafkajs retry the message; the offset is not committed.
      this.logger.warn({ event: 'lineage.kafka.retry', error: (error as Error).message }, 'ingest failed; retrying');
      throw error;
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    error: string,
    reason: string,
  ): Promise<void> {
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            [DEAD_LETTER_HEADERS.error]: error,
            [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 2_000),
            [DEAD_LETTER_HEADERS.topic]: topic,
            [DEAD_LETTER_HEADERS.partition]: String(partition),
            [DEAD_LETTER_HEADERS.offset]: message.offset,
          },
        },
      ],
    });
    this.logger.warn(
      { event: 'lineage.kafka.dead-letter', error, topic, partition, offset: message.offset },
      'event sent to the dead-letter topic',
    );
  }
}
