import type { ConsumedRecord, DeadLetterClass, HandlerFailureAction } from '@charter/enforcement/kafka';
import { isStoreDataError, isStoreTimeout, isStoreUnavailable } from '@charter/service-host';
import type { LineageReporter } from '../lineage/lineage-reporter';
import type { RecordPosition } from './order-row';
import type { PipelineStats } from './pipeline-stats';
import type { RowStore } from './row-store';

/** A record that passed its schema and contract but cannot become a row (the sink's mapping refused it). */
export class UnstorableRecordError extends Error {
  override readonly name = 'UnstorableRecordError';
}

export interface StreamSinkOptions<Row> {
  /** The stream's id (`orders`, `user-events`) and the table it writes. */
  stream: string;
  table: string;
  toRow(value: unknown, position: RecordPosition): Row;
  store: RowStore<Row>;
  stats: PipelineStats;
  /** Undefined when no lineage service is configured. */
  lineage: LineageReporter | undefined;
}

/**
 * The end of a stream: each record the validating consumer hands over becomes a row, written idempotently by its
 * key (a redelivery finds its row and counts as a duplicate), before the consumer may commit its offset. Failures
 * are sorted for the consumer: the database down or slow → pause and read again (never dead-lettered for that); a
 * record the database or the mapping refuses → dead-lettered at once as `handler-error`; anything else → retried.
 */
export class StreamSink<Row> {
  constructor(private readonly options: StreamSinkOptions<Row>) {}

  readonly handle = async (record: ConsumedRecord): Promise<void> => {
    const { options } = this;
    const position = { schemaId: record.schemaId, partition: record.partition, offset: record.offset };
    let row: Row;
    try {
      row = options.toRow(record.value, position);
    } catch (error) {
      throw new UnstorableRecordError(`the record cannot be mapped to a row: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const outcome = await options.store.write(row);
    options.stats.written(options.stream, options.table, outcome);
    options.lineage?.current.written(outcome, position);
  };

  readonly handlerFailure = (error: unknown): HandlerFailureAction => {
    if (isStoreUnavailable(error) || isStoreTimeout(error)) return 'pause';
    if (error instanceof UnstorableRecordError || isStoreDataError(error)) return 'dead-letter';
    return 'retry';
  };

  readonly deadLettered = (letter: { errorClass: DeadLetterClass; partition: number; offset: string }): void => {
    this.options.stats.deadLettered(this.options.stream, letter.errorClass);
    this.options.lineage?.current.deadLetter(letter.errorClass, letter);
  };

  readonly batchProcessed = (): void => {
    this.options.lineage?.batchProcessed();
  };
}
