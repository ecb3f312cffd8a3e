import { type Actor, describeRole } from '../auth/principal';
import type { AuditQuery, AuditRecord, AuditRepository, NewAuditRecord } from '../storage/audit.repository';

export interface AuditEvent {
  action: string;
  targetType: 'subject' | 'config' | 'mode' | 'contract' | 'key' | 'approval' | 'ownership' | 'incident';
  target: string;
  outcome?: 'ok' | 'denied';
  before?: unknown;
  after?: unknown;
}

/** The most entries one GET /audit answers with. */
export const MAX_AUDIT_PAGE = 500;

/** Who an audit row names: the key, its role as written, the request, and the promotion it belongs to. */
export function auditActor(actor: Actor): {
  actor: string;
  actorRole: string;
  requestId: string;
  promotionId: string | null;
} {
  return {
    actor: actor.principal.keyId,
    actorRole: describeRole(actor.principal),
    requestId: actor.requestId,
    promotionId: actor.promotionId ?? null,
  };
}

/** The row for an event; repositories that write a change insert it in the change's own transaction. */
export function auditEntry(actor: Actor, event: AuditEvent): NewAuditRecord {
  return {
    ...auditActor(actor),
    action: event.action,
    targetType: event.targetType,
    target: event.target,
    outcome: event.outcome ?? 'ok',
    before: event.before ?? null,
    after: event.after ?? null,
  };
}

/**
 * Reads the audit log, and appends the entries that stand alone (refusals). Every change writes its entry in its
 * own transaction or statement (`auditEntry`), so a change and its audit row land together or not at all.
 */
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(actor: Actor, event: AuditEvent): Promise<void> {
    return this.repository.append(auditEntry(actor, event));
  }

  /** A request no key authenticated: the key id it presented (unverified) names the actor, if any. */
  recordUnauthenticated(event: {
    action: string;
    targetType: AuditEvent['targetType'];
    target: string;
    presentedKeyId: string | undefined;
    address: string;
    reason: string;
    requestId: string | null;
    counts?: Record<string, number>;
  }): Promise<void> {
    return this.repository.append({
      actor: event.presentedKeyId ?? 'anonymous',
      actorRole: 'unauthenticated',
      action: event.action,
      targetType: event.targetType,
      target: event.target,
      outcome: 'denied',
      before: null,
      after: { reason: event.reason, address: event.address, ...(event.counts ? { counts: event.counts } : {}) },
      requestId: event.requestId,
      promotionId: null,
    });
  }

  /** GET /audit: newest first, filtered; `next` continues with older entries. */
  async find(query: AuditQuery): Promise<{ entries: AuditRecord[]; next: string | null }> {
    const entries = await this.repository.find(query);
    const next = entries.length === query.limit ? entries.at(-1)!.id : null;
    return { entries, next };
  }
}
