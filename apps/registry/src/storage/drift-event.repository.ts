import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { olderThan, type PageQuery } from './check-run.repository';
import { translateStoreError } from './translate-store-error';

export interface DriftEventRecord {
  id: string;
  contractId: string;
  contractVersion: string | null;
  source: string;
  field: string;
  test: string;
  statistic: number;
  threshold: number;
  window: { start: string; end: string; count: number };
  baseline: { windows: number; count: number };
  detectedAt: Date;
  documentHash: string;
  reportedByKey: string;
  reportedByTeam: string | null;
  createdAt: Date;
}

export type NewDriftEvent = Omit<DriftEventRecord, 'createdAt'>;

/** `drift_events`: one row per event id. */
export class DriftEventRepository {
  constructor(private readonly prisma: PrismaClient) {}

  find(id: string): Promise<DriftEventRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.driftEvent.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    });
  }

  /** As CheckRunRepository.insert: the event and its audit entry, or `undefined` when the id is taken. */
  insert(event: NewDriftEvent, audit: NewAuditRecord): Promise<DriftEventRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const { count } = await tx.driftEvent.createMany({
          data: [
            {
              ...event,
              window: event.window as unknown as Prisma.InputJsonValue,
              baseline: event.baseline as unknown as Prisma.InputJsonValue,
            },
          ],
          skipDuplicates: true,
        });
        if (count === 0) return undefined;
        await tx.auditEntry.create({ data: auditRow(audit) });
        return toRecord(await tx.driftEvent.findUniqueOrThrow({ where: { id: event.id } }));
      }),
    );
  }

  listForContract(contractId: string, page: PageQuery): Promise<DriftEventRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.driftEvent.findMany({
        where: { contractId, ...olderThan(page.before) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
      });
      return rows.map(toRecord);
    });
  }
}

function toRecord(row: Omit<DriftEventRecord, 'window' | 'baseline'> & { window: unknown; baseline: unknown }) {
  return {
    ...row,
    window: row.window as DriftEventRecord['window'],
    baseline: row.baseline as DriftEventRecord['baseline'],
  };
}
