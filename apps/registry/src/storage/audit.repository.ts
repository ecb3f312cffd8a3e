import { escapeUnstorableText } from '@charter/service-host';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { translateStoreError } from './translate-store-error';

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  actorRole: string;
  action: string;
  targetType: string;
  target: string;
  outcome: 'ok' | 'denied';
  before: unknown;
  after: unknown;
  requestId: string | null;
  /** The promotion the write belongs to (`X-Charter-Promotion`), if any. */
  promotionId: string | null;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at'>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  target?: string;
  outcome?: string;
  promotionId?: string;
  since?: Date;
  until?: Date;
  /** Entries with an id below this (the previous page's `next`). */
  before?: bigint;
  limit: number;
}

/** The append-only audit log: only inserts and reads exist here (and the table's trigger refuses the rest). */
export class AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  append(entry: NewAuditRecord): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.auditEntry.create({ data: auditRow(entry) });
    });
  }

  /** Newest first. */
  find(query: AuditQuery): Promise<AuditRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.auditEntry.findMany({
        where: {
          actor: query.actor,
          action: query.action,
          targetType: query.targetType,
          target: query.target,
          outcome: query.outcome,
          promotionId: query.promotionId,
          at: { gte: query.since, lte: query.until },
          id: query.before === undefined ? undefined : { lt: query.before },
        },
        orderBy: { id: 'desc' },
        take: query.limit,
      });
      return rows.map((row) => ({ ...row, id: row.id.toString(), outcome: row.outcome as AuditRecord['outcome'] }));
    });
  }
}

/**
 * The row to insert for an entry (also used inside other repositories' transactions). A refused request may carry
 * text PostgreSQL cannot store (U+0000, an unpaired surrogate): it is written as visible escapes (`\u0000`), so
 * the refusal is recorded rather than failing.
 */
export function auditRow(given: NewAuditRecord): Prisma.AuditEntryCreateInput {
  const entry = escapeUnstorableText(given);
  return {
    ...entry,
    before: entry.before === undefined || entry.before === null ? undefined : (entry.before as Prisma.InputJsonValue),
    after: entry.after === undefined || entry.after === null ? undefined : (entry.after as Prisma.InputJsonValue),
  };
}
