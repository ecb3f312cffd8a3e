import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

export interface CheckRunStatistics {
  evaluated_expectations: number;
  successful_expectations: number;
  unsuccessful_expectations: number;
  success_percent: number;
}

/** A stored run without its results (lists), as the row's columns hold it. */
export interface CheckRunRecord {
  id: string;
  contractId: string;
  contractVersion: string;
  kind: string;
  sourceType: string;
  sourceName: string;
  success: boolean;
  startedAt: Date;
  finishedAt: Date;
  statistics: CheckRunStatistics;
  documentHash: string;
  reportedByKey: string;
  reportedByTeam: string | null;
  createdAt: Date;
}

export type NewCheckRun = Omit<CheckRunRecord, 'createdAt'> & { document: Record<string, unknown> };

/** Newest first, from before a position (created at, id) when given. */
export interface PageQuery {
  limit: number;
  before?: { createdAt: Date; id: string };
}

const SUMMARY_COLUMNS = {
  id: true,
  contractId: true,
  contractVersion: true,
  kind: true,
  sourceType: true,
  sourceName: true,
  success: true,
  startedAt: true,
  finishedAt: true,
  statistics: true,
  documentHash: true,
  reportedByKey: true,
  reportedByTeam: true,
  createdAt: true,
} as const;

/** `check_runs`: one row per run id, the document kept whole beside its summary columns. */
export class CheckRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  find(id: string): Promise<CheckRunRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.checkRun.findUnique({ where: { id }, select: SUMMARY_COLUMNS });
      return row ? toRecord(row) : undefined;
    });
  }

  findDocument(id: string): Promise<Record<string, unknown> | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.checkRun.findUnique({ where: { id }, select: { document: true } });
      return row ? (row.document as Record<string, unknown>) : undefined;
    });
  }

  /**
   * Stores the run and its audit entry in one transaction, unless a run with its id exists (a concurrent post of the
   * same run waits for the first and stores nothing): then `undefined`, and the caller compares with what is stored.
   */
  insert(run: NewCheckRun, audit: NewAuditRecord): Promise<CheckRunRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const { count } = await tx.checkRun.createMany({
          data: [
            {
              ...run,
              statistics: run.statistics as unknown as Prisma.InputJsonValue,
              document: run.document as Prisma.InputJsonValue,
            },
          ],
          skipDuplicates: true,
        });
        if (count === 0) return undefined;
        await tx.auditEntry.create({ data: auditRow(audit) });
        const row = await tx.checkRun.findUniqueOrThrow({ where: { id: run.id }, select: SUMMARY_COLUMNS });
        return toRecord(row);
      }),
    );
  }

  /** A contract's runs, newest first. */
  listForContract(contractId: string, page: PageQuery): Promise<CheckRunRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.checkRun.findMany({
        where: { contractId, ...olderThan(page.before) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        select: SUMMARY_COLUMNS,
      });
      return rows.map(toRecord);
    });
  }
}

/** Rows after `before` in newest-first order: created earlier, or at the same time with a lower id. */
export function olderThan(before: PageQuery['before']) {
  if (!before) return {};
  return {
    OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
  };
}

function toRecord(row: Omit<CheckRunRecord, 'statistics'> & { statistics: unknown }): CheckRunRecord {
  return { ...row, statistics: row.statistics as CheckRunStatistics };
}
