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

  append(event: LineageEvent): Promise<bigint> {
    return translateStoreError(async () => {
      const job = event.kind === 'dataset' ? undefined : `${event.job.namespace}:${event.job.name}`;
      const row = await this.prisma.lineageEvent.create({
        data: {
          kind: event.kind,
          eventType: event.kind === 'run' ? (event.eventType ?? null) : null,
          eventTime: new Date(event.eventTime),
          jobKey: job ?? null,
          runId: event.kind === 'run' ? event.run.runId : null,
          event: JSON.stringify(event),
        },
        select: { id: true },
      });
      return row.id;
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
