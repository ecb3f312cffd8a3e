import { type Actor, describeRole } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import type { AuditQuery, AuditRecord, AuditRepository, NewAuditRecord } from '../storage/audit.repository';

export interface AuditEvent {
  action: string;
  targetType: 'subject' | 'config' | 'mode' | 'contract' | 'key' | 'approval' | 'ownership';
  target: string;
  outcome?: 'ok' | 'denied';
  before?: unknown;
  after?: unknown;
}

const MAX_PAGE = 500;

/** Who an audit row names: the key, its role as written, and the request. */
export function auditActor(actor: Actor): { actor: string; actorRole: string; requestId: string } {
  return { actor: actor.principal.keyId, actorRole: describeRole(actor.principal), requestId: actor.requestId };
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
    });
  }

  /** GET /audit: newest first, filtered; `next` continues with older entries. */
  async find(query: Record<string, string | undefined>): Promise<{ entries: AuditRecord[]; next: string | null }> {
    const parsed = readAuditQuery(query);
    const entries = await this.repository.find(parsed);
    const next = entries.length === parsed.limit ? entries.at(-1)!.id : null;
    return { entries, next };
  }
}

function readAuditQuery(query: Record<string, string | undefined>): AuditQuery {
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw GovernanceErrors.invalidAuditQuery(`limit must be an integer from 1 to ${MAX_PAGE}`);
  }
  const time = (name: 'since' | 'until') => {
    const value = query[name];
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw GovernanceErrors.invalidAuditQuery(`${name} must be an ISO-8601 time`);
    return date;
  };
  let before: bigint | undefined;
  if (query.before !== undefined) {
    if (!/^\d{1,18}$/.test(query.before)) throw GovernanceErrors.invalidAuditQuery('before must be an entry id');
    before = BigInt(query.before);
  }
  return {
    actor: query.actor,
    action: query.action,
    targetType: query.targetType,
    target: query.target ?? query.subject,
    outcome: query.outcome,
    since: time('since'),
    until: time('until'),
    before,
    limit,
  };
}
