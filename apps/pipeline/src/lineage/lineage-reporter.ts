import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TableColumn } from '../sink/table-column';
import { buildSinkRunEvent, type SchemaField } from './build-sink-run-event';
import type { LineageClient } from './lineage-client';
import { SinkBatch } from './sink-batch';

export interface LineageReporterOptions {
  client: LineageClient;
  job: { namespace: string; name: string };
  input: { namespace: string; name: string };
  output: { namespace: string; name: string; columns: readonly TableColumn[] };
  deadLetters: { namespace: string; name: string };
  /** The fields of a writer schema by id (for the input's schema facet); undefined when unknown. */
  fieldsOf(schemaId: number): Promise<SchemaField[] | undefined>;
  /** Each event's outcome, for the service's counters. */
  sent?(outcome: 'sent' | 'failed'): void;
  logger: Logger;
}

/**
 * A sink's lineage: what it writes and dead-letters accumulates in the current batch, and when the consumer has
 * finished a batch the reporter posts one RunEvent COMPLETE for it. Posts never hold the sink up: they run beside it,
 * one at a time, and batches that finish while one is in flight go together in the next. A failed post is logged
 * (once per outage), counted and dropped — lineage is metadata about data already stored, never a reason to stop.
 */
export class LineageReporter {
  private batch = new SinkBatch();
  private sending: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: LineageReporterOptions) {}

  get current(): SinkBatch {
    return this.batch;
  }

  /** The consumer finished a batch: report what accumulated, unless a post is in flight (it follows that one). */
  batchProcessed(): void {
    if (this.sending || this.batch.isEmpty) return;
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      // What arrived while the last post was in flight goes now rather than with the next batch.
      this.batchProcessed();
    });
  }

  /** Reports what is left and waits for posts in flight (at shutdown). */
  async flush(): Promise<void> {
    this.batchProcessed();
    while (this.sending) await this.sending;
  }

  private async drain(): Promise<void> {
    while (!this.batch.isEmpty) {
      const batch = this.batch;
      this.batch = new SinkBatch();
      await this.post(batch);
    }
  }

  private async post(batch: SinkBatch): Promise<void> {
    const { options } = this;
    try {
      // The input's schema facet is a detail: without the registry the event goes without it.
      const fields =
        batch.schemaId === undefined ? undefined : await options.fieldsOf(batch.schemaId).catch(() => undefined);
      const event = buildSinkRunEvent({
        runId: randomUUID(),
        eventTime: new Date(),
        job: options.job,
        input: { ...options.input, fields },
        output: options.output,
        deadLetters: options.deadLetters,
        batch,
      });
      await options.client.send(event);
      options.sent?.('sent');
      if (this.failing) {
        this.failing = false;
        options.logger.info({ event: 'lineage.recovered', job: options.job.name }, 'lineage events are accepted again');
      }
    } catch (error) {
      options.sent?.('failed');
      const fields = { job: options.job.name, records: batch.read, error: (error as Error).message };
      if (!this.failing) {
        this.failing = true;
        options.logger.warn(
          { event: 'lineage.failed', ...fields },
          'a lineage event was not accepted; data is stored regardless (logged once until one is accepted)',
        );
      } else options.logger.debug({ event: 'lineage.failed', ...fields }, 'a lineage event was not accepted');
    }
  }
}
