import { createHash } from 'node:crypto';
import type { LineageEvent } from '@charter/lineage-core';
import type { PrismaClient } from '../generated/prisma/client';
import { translateStoreError } from './translate-store-error';

export interface StoredEvent {
  id: bigint;
  event: LineageEvent;
}

/**
 * Writers to the log take this transaction-scoped advisory lock before their rows get ids, so ids are handed out in
 * commit order across every replica: a reader that has seen id n has seen every id below n that will ever exist.
 */
const LOG_WRITE_LOCK = 0x6c696e65; // 'line'

/** The event log: appended to in the order events are applied, read back in that order to rebuild the graph. */
export class LineageEventRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores events in one statement, in the given order, skipping any already stored (a client's retry; the same
   * event twice in `events` is stored once). Returns, per event, its id if it was stored now (undefined: a duplicate).
   */
  appendMany(events: readonly LineageEvent[]): Promise<Array<bigint | undefined>> {
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
      // The lock is taken (joined in) before the first row reaches the insert, so before any id is drawn; it is
      // released when the statement's transaction commits.
      const stored = await this.prisma.$queryRaw<Array<{ id: bigint; digest: string }>>`
        INSERT INTO lineage_events (kind, event_type, event_time, job_key, run_id, event, digest)
        SELECT r.kind, r.event_type, r.event_time, r.job_key, r.run_id, r.event, r.digest
        FROM (SELECT pg_advisory_xact_lock(${LOG_WRITE_LOCK})) AS write_lock,
          json_to_recordset(${JSON.stringify(rows)}::json)
          AS r(kind text, event_type text, event_time timestamptz, job_key text, run_id text, event text, digest text)
        ON CONFLICT (digest) DO NOTHING
        RETURNING id, digest`;
      const ids = new Map(stored.map((row) => [row.digest, row.id]));
      return rows.map((row) => {
        const id = ids.get(row.digest);
        ids.delete(row.digest);
        return id;
      });
    });
  }

  /** Stored events with ids above `after` (and below `before`, when given), in id order, at most `limit`. */
  async readAfter(after: bigint, before: bigint | undefined, limit = 1_000): Promise<StoredEvent[]> {
    const rows = await translateStoreError(() =>
      this.prisma.lineageEvent.findMany({
        where: { id: before === undefined ? { gt: after } : { gt: after, lt: before } },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, event: true },
      }),
    );
    return rows.map((row) => ({ id: row.id, event: JSON.parse(row.event) as LineageEvent }));
  }
}
