import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

export interface IncidentRecord {
  id: string;
  subject: string;
  version: number | null;
  title: string;
  runbook: string;
  severity: string | null;
  status: string;
  summary: string | null;
  openedByKey: string;
  openedByTeam: string | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
}

export interface TimelineRecord {
  id: bigint;
  type: string;
  stage: string | null;
  step: string | null;
  at: Date;
  data: Record<string, unknown>;
  recordedBy: string;
}

/** An incident's post-mortem (Markdown), the latest version. */
export interface PostmortemRecord {
  markdown: string;
  updatedBy: string;
  updatedAt: Date;
}

export type NewIncident = Pick<
  IncidentRecord,
  'subject' | 'version' | 'title' | 'runbook' | 'severity' | 'openedByKey' | 'openedByTeam'
>;
export type NewTimelineEntry = Omit<TimelineRecord, 'id'>;

/** An open request's `Idempotency-Key` and the hash of its body. */
export interface IdempotentOpen {
  key: string;
  requestHash: string;
}

export interface OpenedIncident {
  record: IncidentRecord & { requestHash: string | null };
  /** False when the key had already opened this incident (nothing written). */
  isNew: boolean;
}

/** A change to an open incident; `undefined` when the incident is closed (nothing written). */
export interface IncidentChange {
  entries: NewTimelineEntry[];
  acknowledge?: boolean;
  /** The severity the run assessed. */
  severity?: string;
  close?: { status: 'resolved' | 'aborted'; summary: string | null; severity?: string };
}

/** `incidents` and `incident_timeline`: the only Prisma user for incidents. */
export class IncidentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Opens an incident with its audit entry. With an idempotency key, the transaction first takes an advisory lock on
   * the key and returns the incident the key already opened, if any: concurrent retries of one open create one
   * incident.
   */
  open(
    incident: NewIncident,
    audit: (id: string) => NewAuditRecord,
    idempotency?: IdempotentOpen,
  ): Promise<OpenedIncident> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        if (idempotency) {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident-open:${idempotency.key}`}, 0))`;
          const existing = await tx.incident.findUnique({ where: { idempotencyKey: idempotency.key } });
          if (existing) return { record: existing, isNew: false };
        }
        const created = await tx.incident.create({
          data: {
            ...incident,
            ...(idempotency ? { idempotencyKey: idempotency.key, requestHash: idempotency.requestHash } : {}),
          },
        });
        await tx.auditEntry.create({ data: auditRow(audit(created.id)) });
        return { record: created, isNew: true };
      }),
    );
  }

  find(id: string): Promise<IncidentRecord | undefined> {
    return translateStoreError(async () => (await this.prisma.incident.findUnique({ where: { id } })) ?? undefined);
  }

  timeline(id: string): Promise<TimelineRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.incidentTimelineEntry.findMany({
        where: { incidentId: id },
        orderBy: { id: 'asc' },
      });
      return rows.map((row) => ({
        id: row.id,
        type: row.type,
        stage: row.stage,
        step: row.step,
        at: row.at,
        data: row.data as Record<string, unknown>,
        recordedBy: row.recordedBy,
      }));
    });
  }

  postmortem(id: string): Promise<PostmortemRecord | undefined> {
    return translateStoreError(
      async () =>
        (await this.prisma.incidentPostmortem.findUnique({
          where: { incidentId: id },
          select: { markdown: true, updatedBy: true, updatedAt: true },
        })) ?? undefined,
    );
  }

  /** Puts the incident's post-mortem (replacing the one before) and its audit entry in one transaction. */
  putPostmortem(
    id: string,
    postmortem: { markdown: string; updatedBy: string },
    audit: NewAuditRecord,
  ): Promise<PostmortemRecord> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const saved = await tx.incidentPostmortem.upsert({
          where: { incidentId: id },
          create: { incidentId: id, ...postmortem },
          update: postmortem,
          select: { markdown: true, updatedBy: true, updatedAt: true },
        });
        await tx.auditEntry.create({ data: auditRow(audit) });
        return saved;
      }),
    );
  }

  list(filter: { status?: string; subject?: string; limit: number }): Promise<IncidentRecord[]> {
    return translateStoreError(() =>
      this.prisma.incident.findMany({
        where: { status: filter.status, subject: filter.subject },
        orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
      }),
    );
  }

  /**
   * Applies a change to an incident that is still open, with its audit entry, in one transaction holding the
   * incident's row lock: a change racing a close either lands before it or not at all.
   */
  change(id: string, change: IncidentChange, audit: NewAuditRecord): Promise<IncidentRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<Array<{ status: string }>>`
          SELECT status FROM incidents WHERE id = ${id}::uuid FOR UPDATE`;
        if (locked[0]?.status !== 'open') return undefined;
        if (change.entries.length > 0) {
          await tx.incidentTimelineEntry.createMany({
            data: change.entries.map((entry) => ({
              ...entry,
              incidentId: id,
              data: entry.data as Prisma.InputJsonValue,
            })),
          });
        }
        const data: Prisma.IncidentUpdateInput = {};
        if (change.acknowledge) {
          const current = await tx.incident.findUniqueOrThrow({ where: { id } });
          if (current.acknowledgedAt === null) data.acknowledgedAt = new Date();
        }
        if (change.severity) data.severity = change.severity;
        if (change.close) {
          data.status = change.close.status;
          data.summary = change.close.summary;
          data.closedAt = new Date();
          if (change.close.severity) data.severity = change.close.severity;
        }
        await tx.auditEntry.create({ data: auditRow(audit) });
        return tx.incident.update({ where: { id }, data });
      }),
    );
  }
}
