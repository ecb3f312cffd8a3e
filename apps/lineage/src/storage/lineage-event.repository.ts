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

  /** Stores the event unless the very same event is already stored: false then (a client's retry). */
  append(event: LineageEvent): Promise<boolean> {
    const text = JSON.stringify(event);
    const digest = createHash('sha256').update(text).digest('hex');
    const job = event.kind === 'dataset' ? null : `${event.job.namespace}:${event.job.name}`;
    const eventType = event.kind === 'run' ? (event.eventType ?? null) : null;
    const runId = event.kind === 'run' ? event.run.runId : null;
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<Array<{ id: bigint }>>`
        INSERT INTO lineage_events (kind, event_type, event_time, job_key, run_id, event, digest)
        VALUES (${event.kind}, ${eventType}, ${new Date(event.eventTime)}, ${job}, ${runId}, ${text}, ${digest})
        ON CONFLICT (digest) DO NOTHING
        RETURNING id`;
      return rows.length === 1;
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

  count(): Promise<number> {
    return translateStoreError(() => this.prisma.lineageEvent.count());
  }
}
