import { createHash } from 'node:crypto';
import type { LineageEvent } from '@charter/lineage-core';
import type { PrismaClient } from '../generated/prisma/client';
import { translateStoreError } from './translate-store-error';

export interface StoredEvent {
  id: bigint;
  event: LineageEvent;
}

/** The event log: appended to in the order events are applied, read back in that order to rebuild the graph. */
export class LineageEventRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores events in one statement, in the given order, skipping any already stored (a client's retry; the same
   * event twice in `events` is stored once). Returns, per event, whether it was stored now.
   */
  appendMany(events: readonly LineageEvent[]): Promise<boolean[]> {
    const rows = events.map((event) => {
      const text = JSON.stringify(event);
      return {
        kind: event.kind,
        event_type: event.kind === 'run' ? (event.eventType ?? null) : null,
        event_time: event.eventTime,
        job_key: event.kind === 'dataset' ? null : `${event.job.namespace}:${event.job.name}`,
        run_id: event.kind === 'run' ? event.run.runId : null,
        event: text,
        digest: createHash('sha256').update(text).digest('hex'),
      };
    });
    return translateStoreError(async () => {
      const stored = await this.prisma.$queryRaw<Array<{ digest: string }>>`
        INSERT INTO lineage_events (kind, event_type, event_time, job_key, run_id, event, digest)
        SELECT r.kind, r.event_type, r.event_time, r.job_key, r.run_id, r.event, r.digest
        FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS r(kind text, event_type text, event_time timestamptz, job_key text, run_id text, event text, digest text)
        ON CONFLICT (digest) DO NOTHING
        RETURNING digest`;
      const now = new Set(stored.map((row) => row.digest));
      return rows.map((row) => now.delete(row.digest));
    });
  }

  /** Every stored event in id order, `batchSize` rows at a time. */
  async *readInOrder(batchSize = 1_000): AsyncGenerator<StoredEvent> {
    let after = -1n;
    for (;;) {
      const rows = await translateStoreError(() =>
        this.prisma.lineageEvent.findMany({
          where: { id: { gt: after } },
          orderBy: { id: 'asc' },
          take: batchSize,
          select: { id: true, event: true },
        }),
      );
      for (const row of rows) yield { id: row.id, event: JSON.parse(row.event) as LineageEvent };
      if (rows.length < batchSize) return;
      after = rows.at(-1)!.id;
    }
  }
}
