import { EnforcementError, type Violation } from '@charter/enforcement';
import { type ContractProducer, RecordsRefusedError } from '@charter/enforcement/kafka';
import { PipelineErrors } from '../pipeline.errors';
import type { PipelineStream } from '../pipeline-streams';
import type { PipelineStats } from '../sink/pipeline-stats';

/** Header every record carries: the HTTP request that brought it (its X-Request-Id), to trace a row back. */
export const REQUEST_ID_HEADER = 'charter-request-id';

/** Where an accepted record landed (partition and offset as Kafka acknowledged them). */
export interface IngestReceipt {
  topic: string;
  key: string | null;
  partition: number | undefined;
  offset: string | undefined;
}

export type BatchItemResult =
  | ({ index: number; status: 'accepted' } & Omit<IngestReceipt, 'topic'>)
  | { index: number; status: 'rejected'; code: 'contract-violation'; violations: Violation[] };

export interface BatchReceipt {
  topic: string;
  accepted: number;
  rejected: number;
  results: BatchItemResult[];
}

/**
 * The HTTP edge's one job: records to their topic through the contract producer, which writes only what the
 * registry's schema and the subject's contract allow. One record is all or nothing; a batch sends its good records
 * and answers for each bad one, and nothing bad reaches the topic either way.
 */
export class IngestService {
  constructor(
    private readonly producer: ContractProducer,
    private readonly stats: PipelineStats,
    private readonly maxBatch: number,
  ) {}

  async ingestOne(stream: PipelineStream<unknown>, value: unknown, requestId: string): Promise<IngestReceipt> {
    const record = this.toRecord(stream, value, requestId);
    const { delivered } = await this.send(stream, [record], 'reject');
    const [where] = delivered;
    return { topic: stream.topics.topic, key: record.key, partition: where?.partition, offset: where?.offset };
  }

  /** `body` must be a JSON array of 1 to `maxBatch` records. */
  async ingestBatch(stream: PipelineStream<unknown>, body: unknown, requestId: string): Promise<BatchReceipt> {
    if (!Array.isArray(body)) {
      throw PipelineErrors.invalidBatch(`a batch is a JSON array of records (one record goes to POST /${stream.id})`);
    }
    if (body.length === 0) throw PipelineErrors.invalidBatch('the batch is empty');
    if (body.length > this.maxBatch) throw PipelineErrors.batchTooLarge(body.length, this.maxBatch);
    const records = body.map((value) => this.toRecord(stream, value, requestId));
    const { delivered, refused } = await this.send(stream, records, 'skip');
    const landed = new Map(delivered.map((record) => [record.index, record]));
    const refusals = new Map(refused.map((record) => [record.index, record]));
    const results = records.map((record, index): BatchItemResult => {
      const refusal = refusals.get(index);
      if (refusal) return { index, status: 'rejected', code: 'contract-violation', violations: refusal.violations };
      const where = landed.get(index);
      return { index, status: 'accepted', key: record.key, partition: where?.partition, offset: where?.offset };
    });
    return { topic: stream.topics.topic, accepted: records.length - refused.length, rejected: refused.length, results };
  }

  private async send(
    stream: PipelineStream<unknown>,
    records: Array<{ key: string | null; value: unknown; headers: Record<string, string> }>,
    policy: 'reject' | 'skip',
  ) {
    try {
      const sent = await this.producer.send(stream.topics.topic, records, { policy });
      this.stats.ingested(stream.id, sent.sent);
      return sent;
    } catch (error) {
      // Refused records and registry trouble are answered as the middleware answers them; Kafka trouble is a 503.
      if (error instanceof RecordsRefusedError || error instanceof EnforcementError) throw error;
      throw PipelineErrors.kafkaUnavailable(error);
    }
  }

  private toRecord(stream: PipelineStream<unknown>, value: unknown, requestId: string) {
    const key =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[stream.keyField] : undefined;
    return { key: typeof key === 'string' ? key : null, value, headers: { [REQUEST_ID_HEADER]: requestId } };
  }
}
