import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { ApprovalKind, ApprovalState } from '../governance/approval-state-machine';
import type { PromotionStep, PromotionSummary } from '../governance/promotion';
import type { AuditOf } from './api-key.repository';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

export interface ApprovalRecord {
  id: string;
  kind: ApprovalKind;
  /** Exceptions: the subject and the schema's fingerprint. */
  subject: string | null;
  fingerprint: string | null;
  /** Promotions: the promotion's id, its summary, and its steps (lists do not read them: undefined there). */
  promotionId: string | null;
  promotion: PromotionSummary | null;
  promotionSteps?: PromotionStep[] | null;
  reason: string;
  state: ApprovalState;
  requestedBy: string;
  requesterTeam: string | null;
  approverTeams: string[];
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  usedAt: Date | null;
}

export interface ApprovalEventRecord {
  id: string;
  approvalId: string;
  type: string;
  at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

export type NewApproval = Omit<
  ApprovalRecord,
  'state' | 'decidedBy' | 'decisionNote' | 'decidedAt' | 'createdAt' | 'usedAt'
>;

export interface ApprovalListFilter {
  state?: string;
  subject?: string;
  kind?: ApprovalKind;
  promotionId?: string;
  limit: number;
}

/** Approvals and their events (the webhook outbox). Every state change and its event are written together. */
export class ApprovalRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records a requested approval with its `requested` event and audit row. A promotion plan (id and digest) has at
   * most one approval requested or approved at a time: when it has one, nothing is written and that one is returned
   * as `live` (a repeated request, e.g. a client retrying, finds it).
   */
  create(
    approval: NewApproval,
    event: Record<string, unknown>,
    audit: AuditOf<ApprovalRecord>,
  ): Promise<{ created: ApprovalRecord } | { live: ApprovalRecord }> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        if (approval.promotionId !== null && approval.promotion !== null) {
          // Two requests for one promotion racing: the second waits for the first and then sees its approval.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${approval.promotionId}, 0))`;
          const live = await tx.approval.findFirst({
            where: {
              kind: 'promotion',
              promotionId: approval.promotionId,
              state: { in: ['requested', 'approved'] },
              promotion: { path: ['digest'], equals: approval.promotion.digest },
            },
            orderBy: { createdAt: 'desc' },
          });
          if (live) return { live: live as ApprovalRecord };
        }
        const row = (await tx.approval.create({
          data: {
            ...approval,
            promotion: (approval.promotion ?? undefined) as Prisma.InputJsonValue | undefined,
            promotionSteps: (approval.promotionSteps ?? undefined) as Prisma.InputJsonValue | undefined,
            state: 'requested',
          },
        })) as ApprovalRecord;
        await tx.approvalEvent.create({
          data: { approvalId: approval.id, type: 'requested', payload: event as Prisma.InputJsonValue },
        });
        await tx.auditEntry.create({ data: auditRow(audit(row)) });
        return { created: row };
      }),
    );
  }

  find(id: string): Promise<ApprovalRecord | undefined> {
    return translateStoreError(
      async () =>
        ((await this.prisma.approval.findUnique({ where: { id } })) ?? undefined) as ApprovalRecord | undefined,
    );
  }

  /** Newest first, without promotions' steps. */
  list(filter: ApprovalListFilter): Promise<ApprovalRecord[]> {
    return translateStoreError(
      async () =>
        (await this.prisma.approval.findMany({
          where: { state: filter.state, subject: filter.subject, kind: filter.kind, promotionId: filter.promotionId },
          omit: { promotionSteps: true },
          orderBy: { createdAt: 'desc' },
          take: filter.limit,
        })) as ApprovalRecord[],
    );
  }

  /** Every exception approval of one schema (subject and fingerprint), newest first, whatever its state. */
  listForSchema(subject: string, fingerprint: string, limit: number): Promise<ApprovalRecord[]> {
    return translateStoreError(
      async () =>
        (await this.prisma.approval.findMany({
          where: { kind: 'exception', subject, fingerprint },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: limit,
        })) as ApprovalRecord[],
    );
  }

  events(approvalId: string): Promise<ApprovalEventRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.approvalEvent.findMany({ where: { approvalId }, orderBy: { id: 'asc' } });
      return rows.map(toEvent);
    });
  }

  /**
   * Moves a requested, unexpired approval to `to` with its event, or changes nothing (another decision or the
   * expiry got there first): undefined then.
   */
  decide(
    id: string,
    to: 'approved' | 'rejected',
    decision: { decidedBy: string; note: string | null; at: Date },
    event: Record<string, unknown>,
    audit: AuditOf<ApprovalRecord>,
  ): Promise<ApprovalRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const [updated] = (await tx.approval.updateManyAndReturn({
          where: { id, state: 'requested', expiresAt: { gt: decision.at } },
          data: { state: to, decidedBy: decision.decidedBy, decisionNote: decision.note, decidedAt: decision.at },
        })) as ApprovalRecord[];
        if (!updated) return undefined;
        await tx.approvalEvent.create({ data: { approvalId: id, type: to, payload: event as Prisma.InputJsonValue } });
        await tx.auditEntry.create({ data: auditRow(audit(updated)) });
        return updated;
      }),
    );
  }

  /**
   * Expires every requested approval whose time has come, recording `expired` and `escalated` events and an audit
   * entry (by `actor`) for each, in one statement.
   */
  expireDue(now: Date, actor: { actor: string; actorRole: string; requestId: string }): Promise<string[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<Array<{ approvalId: string; type: string }>>`
        WITH expired AS (
          UPDATE approvals SET state = 'expired', decided_at = ${now}
          WHERE state = 'requested' AND expires_at <= ${now}
          RETURNING id, kind, subject, fingerprint, promotion, approver_teams, requested_by, expires_at
        ), audited AS (
          INSERT INTO audit_log (actor, actor_role, action, target_type, target, outcome, before, after, request_id)
          SELECT ${actor.actor}, ${actor.actorRole}, 'approval.expire', 'approval', e.id, 'ok',
                 '{"state":"requested"}'::jsonb, '{"state":"expired","escalated":true}'::jsonb, ${actor.requestId}
          FROM expired e
        )
        INSERT INTO approval_events (approval_id, type, payload)
        SELECT e.id, t.type, json_build_object(
          'approvalId', e.id, 'kind', e.kind, 'subject', e.subject, 'fingerprint', e.fingerprint,
          'promotion', e.promotion, 'state', 'expired',
          'approverTeams', e.approver_teams, 'requestedBy', e.requested_by, 'expiresAt', e.expires_at)
        FROM expired e CROSS JOIN (VALUES ('expired'), ('escalated')) AS t(type)
        RETURNING approval_id AS "approvalId", type`;
      return [...new Set(rows.map((row) => row.approvalId))];
    });
  }

  /** An approved exception for exactly this change (promotion approvals never let a schema through). */
  findApproved(subject: string, fingerprint: string): Promise<ApprovalRecord | undefined> {
    return translateStoreError(
      async () =>
        ((await this.prisma.approval.findFirst({
          where: { kind: 'exception', subject, fingerprint, state: 'approved' },
          orderBy: { decidedAt: 'desc' },
        })) ?? undefined) as ApprovalRecord | undefined,
    );
  }

  /** Records the first use of an approval (a `used` event); later uses change nothing. */
  markUsed(id: string, event: Record<string, unknown>, audit: NewAuditRecord): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.approval.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
        if (count === 1) {
          await tx.approvalEvent.create({
            data: { approvalId: id, type: 'used', payload: event as Prisma.InputJsonValue },
          });
          await tx.auditEntry.create({ data: auditRow(audit) });
        }
      });
    });
  }

  /** The outcome recorded for a callback event id, or undefined if it was never applied. */
  findCallback(eventId: string): Promise<Record<string, unknown> | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.approvalCallback.findUnique({ where: { eventId } });
      return (row?.outcome as Record<string, unknown> | undefined) ?? undefined;
    });
  }

  /** Records a callback's outcome once; false when that event id was already recorded (a replay). */
  recordCallback(eventId: string, approvalId: string, outcome: Record<string, unknown>): Promise<boolean> {
    return translateStoreError(async () => {
      const { count } = await this.prisma.approvalCallback.createMany({
        data: [{ eventId, approvalId, outcome: outcome as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
      return count === 1;
    });
  }

  /** Claims up to `limit` undelivered events whose time has come, leasing them for `leaseMs`. */
  claimDueEvents(limit: number, leaseMs: number): Promise<ApprovalEventRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<Array<Omit<ApprovalEventRecord, 'id'> & { id: bigint }>>`
        UPDATE approval_events SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
        WHERE id IN (
          SELECT id FROM approval_events
          WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, approval_id AS "approvalId", type, at, payload, attempts`;
      return rows.map(toEvent).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
    });
  }

  markDelivered(id: string): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.approvalEvent.update({
        where: { id: BigInt(id) },
        data: { deliveredAt: new Date(), attempts: { increment: 1 } },
      });
    });
  }

  markAttemptFailed(id: string, error: string, retryAt: Date | undefined): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.approvalEvent.update({
        where: { id: BigInt(id) },
        data: {
          attempts: { increment: 1 },
          lastError: error.slice(0, 500),
          ...(retryAt === undefined ? { failedAt: new Date() } : { nextAttemptAt: retryAt }),
        },
      });
    });
  }
}

function toEvent(row: {
  id: bigint | string;
  approvalId: string;
  type: string;
  at: Date;
  payload: unknown;
  attempts: number;
}): ApprovalEventRecord {
  return {
    id: row.id.toString(),
    approvalId: row.approvalId,
    type: row.type,
    at: row.at,
    payload: row.payload as Record<string, unknown>,
    attempts: row.attempts,
  };
}
