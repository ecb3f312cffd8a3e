import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import { DEAD_LETTER_HEADERS, OMITTED_VALUE_HEADER } from './dead-letter-headers';

/** A record in a dead-letter topic, with what its headers say. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The headers as text (UTF-8), for reading. */
  headers: Record<string, string>;
  /** The headers as they were written, bytes and all: what a replay sends back. */
  rawHeaders: IHeaders;
  errorClass: string;
  message: string;
  /** Where it was first read (the consumer's topic), when the headers say. */
  original: { topic: string | undefined; partition: number | undefined; offset: string | undefined };
}

/** Header a replayed record carries: the dead letter it came from (`<dlq>/<partition>/<offset>`). */
export const REPLAYED_FROM_HEADER = 'charter-replayed-from';

/**
 * Reads a topic from its beginning to its current end (the high watermarks when the read starts) and returns what
 * it held; records written meanwhile are not waited for. An absent topic reads as empty.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic).catch((error: unknown) => {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return [];
      throw error;
    });
    ends = new Map(
      offsets
        .filter((entry) => BigInt(entry.high) > BigInt(entry.low))
        .map((entry) => [entry.partition, BigInt(entry.high)]),
    );
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];
  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `charter-read-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    const remaining = new Set(ends.keys());
    await new Promise<void>((resolve, reject) => {
      consumer
        .subscribe({ topic, fromBeginning: true })
        .then(() =>
          consumer.run({
            eachMessage: async ({ partition, message }) => {
              const end = ends.get(partition);
              if (end === undefined || BigInt(message.offset) >= end) return;
              letters.push(toDeadLetter(partition, message.offset, message.key, message.value, message.headers));
              if (BigInt(message.offset) === end - 1n) {
                remaining.delete(partition);
                if (remaining.size === 0) resolve();
              }
            },
          }),
        )
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** What a dead-letter topic holds, by class. */
export async function inspectDeadLetters(
  kafka: Kafka,
  topic: string,
): Promise<{ topic: string; total: number; byClass: Record<string, number>; letters: DeadLetter[] }> {
  const letters = await readTopicToEnd(kafka, topic);
  const byClass: Record<string, number> = {};
  for (const letter of letters) byClass[letter.errorClass] = (byClass[letter.errorClass] ?? 0) + 1;
  return { topic, total: letters.length, byClass, letters };
}

export interface ReplayOptions {
  kafka: Kafka;
  /** The dead-letter topic. */
  topic: string;
  /** Only letters of this class. */
  errorClass?: string;
  /** Where to send them; each letter's original topic unless said. */
  to?: string;
  /** Progress, after each replayed letter. */
  progress?(done: number, total: number): void;
  idempotent?: boolean;
}

export interface ReplaySummary {
  topic: string;
  replayed: number;
  alreadyReplayed: number;
  otherClass: number;
  noTarget: number;
  /** Letters filed without their value (`charter-value-omitted`): nothing to send back. */
  valueOmitted: number;
  byClass: Record<string, number>;
}

/**
 * Sends dead letters back (the original key, value and headers, without the dead-letter headers, plus
 * `charter-replayed-from`) and records each in the ledger topic `<dlq>.replayed`, keyed by its partition and offset:
 * a letter already in the ledger is never sent again, so a replay can be re-run (or interrupted and re-run) safely.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplaySummary> {
  const { kafka, topic } = options;
  const ledgerTopic = `${topic}.replayed`;
  const done = new Set((await readTopicToEnd(kafka, ledgerTopic)).map((entry) => entry.key?.toString() ?? ''));
  const letters = await readTopicToEnd(kafka, topic);
  const summary: ReplaySummary = {
    topic,
    replayed: 0,
    alreadyReplayed: 0,
    otherClass: 0,
    noTarget: 0,
    valueOmitted: 0,
    byClass: {},
  };
  const pending = letters.filter((letter) => {
    if (options.errorClass !== undefined && letter.errorClass !== options.errorClass) {
      summary.otherClass++;
      return false;
    }
    if (done.has(ledgerKey(letter))) {
      summary.alreadyReplayed++;
      return false;
    }
    if (letter.headers[OMITTED_VALUE_HEADER] !== undefined) {
      summary.valueOmitted++;
      return false;
    }
    if ((options.to ?? letter.original.topic) === undefined) {
      summary.noTarget++;
      return false;
    }
    return true;
  });
  const idempotent = options.idempotent ?? true;
  const producer = kafka.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : undefined });
  try {
    await producer.connect();
    for (const letter of pending) {
      const headers: IHeaders = Object.fromEntries(
        Object.entries(letter.rawHeaders).filter(
          ([name]) => !Object.values(DEAD_LETTER_HEADERS).includes(name as never),
        ),
      );
      headers[REPLAYED_FROM_HEADER] = `${topic}/${letter.partition}/${letter.offset}`;
      await producer.send({
        topic: (options.to ?? letter.original.topic)!,
        messages: [{ key: letter.key, value: letter.value, headers }],
      });
      await producer.send({
        topic: ledgerTopic,
        messages: [{ key: ledgerKey(letter), value: options.to ?? letter.original.topic ?? '' }],
      });
      summary.replayed++;
      summary.byClass[letter.errorClass] = (summary.byClass[letter.errorClass] ?? 0) + 1;
      options.progress?.(summary.replayed, pending.length);
    }
  } finally {
    await producer.disconnect();
  }
  return summary;
}

function ledgerKey(letter: Pick<DeadLetter, 'partition' | 'offset'>): string {
  return `${letter.partition}/${letter.offset}`;
}

function toDeadLetter(
  partition: number,
  offset: string,
  key: Buffer | null,
  value: Buffer | null,
  raw: IHeaders | undefined,
): DeadLetter {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(raw ?? {})) {
    if (header !== undefined) headers[name] = Array.isArray(header) ? String(header[0]) : String(header);
  }
  const originalPartition = headers[DEAD_LETTER_HEADERS.partition];
  return {
    partition,
    offset,
    key,
    value,
    headers,
    rawHeaders: raw ?? {},
    errorClass: headers[DEAD_LETTER_HEADERS.errorClass] ?? 'unknown',
    message: headers[DEAD_LETTER_HEADERS.message] ?? '',
    original: {
      topic: headers[DEAD_LETTER_HEADERS.topic],
      partition: originalPartition === undefined ? undefined : Number(originalPartition),
      offset: headers[DEAD_LETTER_HEADERS.offset],
    },
  };
}
