import { randomUUID } from 'node:crypto';
import { verifyWebhook } from '@charter/notify';
import type { AuthFailureGuard } from '../auth/auth-failure-guard';
import type { Actor, Principal } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import type { SchemaPreparer } from '../registry/schema-preparer';
import { readSchemaRequest } from '../registry/schema-request';
import type { SettingsService } from '../registry/settings.service';
import { contentOf } from '../registry/subject-content';
import { assertValidSubject } from '../registry/subject-name';
import type { ApprovalEventRecord, ApprovalRecord, ApprovalRepository } from '../storage/approval.repository';
import { APPROVAL_STATES, type ApprovalAction, mayDecide, transitionApproval } from './approval-state-machine';
import { type AuditService, auditActor, auditEntry } from './audit.service';
import type { ContractsService } from './contracts.service';
import type { OwnershipService } from './ownership.service';

export interface ApprovalsOptions {
  defaultTtlMinutes: number;
  maxTtlMinutes: number;
  /** Shared secret of signed callbacks; without it the callback route refuses every request. */
  webhookSecret: string | undefined;
  signatureToleranceSeconds: number;
  /** Counts, throttles and audits failed callback signatures (as failed keys are). */
  failures?: Pick<AuthFailureGuard, 'fail' | 'retryAfter'>;
  now?: () => Date;
}

export interface ApprovalView {
  id: string;
  subject: string;
  fingerprint: string;
  reason: string;
  state: string;
  requestedBy: string;
  requesterTeam: string | null;
  approverTeams: string[];
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  expiresAt: string;
  createdAt: string;
  usedAt: string | null;
}

/**
 * `/approvals`: an exception to policy for exactly one schema (by fingerprint) on one subject. Requested by the
 * subject's team (or ci/admin); decided by admins or the teams owning the contract's consumers, never by whoever
 * asked; expired by a sweep (which records an escalation); decided also through signed, idempotent callbacks.
 */
export class ApprovalsService {
  private readonly now: () => Date;

  constructor(
    private readonly repository: ApprovalRepository,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly contracts: ContractsService,
    private readonly ownership: OwnershipService,
    private readonly audit: AuditService,
    private readonly options: ApprovalsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async request(actor: Actor, body: unknown): Promise<ApprovalView> {
    const { subject, reason, ttlMinutes, normalize, schemaBody } = this.readRequest(body);
    assertValidSubject(subject);
    const { principal } = actor;
    const owner = await this.ownership.ownerOf(subject);
    if (principal.role === 'team' && owner !== principal.team) {
      await this.audit.record(actor, {
        action: 'approval.request',
        targetType: 'subject',
        target: subject,
        outcome: 'denied',
        after: { reason: `team ${principal.team} does not own the subject` },
      });
      throw GovernanceErrors.forbidden(`team ${principal.team} may not request approvals for subject ${subject}`);
    }
    const settings = await this.settings.effective(subject);
    // Fingerprinted exactly as the registration will be (`normalize` as its query parameter would be).
    const prepared = await this.preparer.prepare(contentOf(readSchemaRequest(schemaBody)), {
      normalize: normalize || settings.normalize,
    });
    const governed = await this.contracts.contractFor(subject);
    // Neither the team asking nor the team owning the subject decides its exception.
    const approverTeams = [...new Set((governed?.contract.consumers ?? []).map((consumer) => consumer.team))].filter(
      (team) => team !== principal.team && team !== owner,
    );
    const now = this.now();
    const approval = await this.repository.create(
      {
        id: randomUUID(),
        subject,
        fingerprint: prepared.fingerprint,
        reason,
        requestedBy: principal.keyId,
        requesterTeam: principal.team ?? null,
        approverTeams,
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
      },
      { subject, fingerprint: prepared.fingerprint, reason, approverTeams, requestedBy: principal.keyId },
      (row) =>
        auditEntry(actor, { action: 'approval.request', targetType: 'approval', target: row.id, after: present(row) }),
    );
    return present(approval);
  }

  async get(id: string): Promise<ApprovalView & { events: Array<Omit<ApprovalEventRecord, 'payload'>> }> {
    const approval = await this.find(id);
    const events = (await this.repository.events(id)).map(({ payload: _payload, ...event }) => event);
    return { ...present(approval), events };
  }

  async list(query: Record<string, string | undefined>): Promise<ApprovalView[]> {
    if (query.state !== undefined && !(APPROVAL_STATES as readonly string[]).includes(query.state)) {
      throw GovernanceErrors.invalidRequest(`state must be one of ${APPROVAL_STATES.join(', ')}`);
    }
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw GovernanceErrors.invalidRequest('limit must be an integer from 1 to 500');
    }
    return (await this.repository.list({ state: query.state, subject: query.subject, limit })).map(present);
  }

  /** POST /approvals/{id}/approve|reject by a key. */
  async decide(actor: Actor, id: string, action: 'approve' | 'reject', body: unknown): Promise<ApprovalView> {
    return this.applyDecision(actor, actor.principal, id, action, readNote(body));
  }

  /**
   * POST /approvals/{id}/callback: a decision from a chat or ticketing integration, signed with the shared webhook
   * secret over the exact body. A replayed event id answers the first outcome again and changes nothing.
   */
  async callback(
    id: string,
    rawBody: string | undefined,
    body: unknown,
    headers: { signature: string | undefined; requestId: string; address: string },
  ): Promise<Record<string, unknown>> {
    const wait = this.options.failures?.retryAfter(headers.address) ?? 0;
    if (wait > 0) throw GovernanceErrors.tooManyFailures(wait);
    const secret = this.options.webhookSecret;
    const check =
      secret === undefined
        ? { valid: false as const, reason: 'signed callbacks are not configured' }
        : verifyWebhook(
            secret,
            headers.signature,
            rawBody ?? '',
            Math.floor(this.now().getTime() / 1000),
            this.options.signatureToleranceSeconds,
          );
    if (!check.valid) {
      const refusal = GovernanceErrors.invalidSignature(check.reason);
      throw this.options.failures
        ? await this.options.failures.fail(
            {
              address: headers.address,
              keyId: undefined,
              reason: check.reason,
              requestId: headers.requestId,
              kind: 'signature',
              target: id,
            },
            refusal,
          )
        : refusal;
    }
    const callback = readCallback(body);
    if (callback.approvalId !== undefined && callback.approvalId !== id) {
      throw GovernanceErrors.invalidRequest('approvalId in the body does not match the path');
    }
    const replayed = await this.repository.findCallback(callback.eventId);
    if (replayed) return { ...replayed, replayed: true };
    const principal: Principal = {
      keyId: `callback:${callback.approver.user}`,
      role: callback.approver.team === undefined ? 'admin' : 'team',
      team: callback.approver.team,
    };
    if (principal.role === 'admin' && !callback.approver.admin) {
      throw GovernanceErrors.invalidRequest('approver must name a team, or be marked admin');
    }
    const view = await this.applyDecision(
      { principal, requestId: headers.requestId },
      principal,
      id,
      callback.decision,
      callback.note,
    );
    const outcome = { eventId: callback.eventId, approval: view };
    // Two deliveries of the same event racing: the loser's decision was refused above, or it recorded nothing here.
    await this.repository.recordCallback(callback.eventId, id, outcome);
    return { ...outcome, replayed: false };
  }

  /** Expires every requested approval past its time; each gets `expired` and `escalated` events and an audit row. */
  async expireDue(actor: Actor): Promise<string[]> {
    return this.repository.expireDue(this.now(), auditActor(actor));
  }

  /** An approved approval for exactly this change (registration consults it for changes the policy blocks). */
  async findApproved(subject: string, fingerprint: string): Promise<ApprovalView | undefined> {
    const approval = await this.repository.findApproved(subject, fingerprint);
    return approval && present(approval);
  }

  async markUsed(actor: Actor, approval: ApprovalView, version: number): Promise<void> {
    await this.repository.markUsed(
      approval.id,
      { subject: approval.subject, version, usedBy: actor.principal.keyId },
      auditEntry(actor, {
        action: 'approval.use',
        targetType: 'approval',
        target: approval.id,
        after: { subject: approval.subject, fingerprint: approval.fingerprint, version },
      }),
    );
  }

  private async applyDecision(
    actor: Actor,
    principal: Principal,
    id: string,
    action: ApprovalAction & ('approve' | 'reject'),
    note: string | null,
  ): Promise<ApprovalView> {
    const approval = await this.find(id);
    const rights = mayDecide({ ...approval, ownerTeam: await this.ownership.ownerOf(approval.subject) }, principal);
    if (!rights.allowed) {
      await this.audit.record(actor, {
        action: `approval.${action}`,
        targetType: 'approval',
        target: id,
        outcome: 'denied',
        before: { state: approval.state },
      });
      throw GovernanceErrors.forbidden(rights.reason ?? 'may not decide this approval');
    }
    const now = this.now();
    const transition = transitionApproval(approval, action, now);
    if (!transition.allowed) {
      const state = transition.reason === 'expired' ? 'expired' : approval.state;
      throw GovernanceErrors.illegalTransition(id, state, transition.to);
    }
    const to = transition.to as 'approved' | 'rejected';
    const decided = await this.repository.decide(
      id,
      to,
      { decidedBy: principal.keyId, note, at: now },
      { subject: approval.subject, fingerprint: approval.fingerprint, state: to, decidedBy: principal.keyId, note },
      (row) =>
        auditEntry(actor, {
          action: `approval.${action}`,
          targetType: 'approval',
          target: id,
          before: { state: approval.state },
          after: present(row),
        }),
    );
    if (!decided) {
      const current = await this.find(id);
      throw GovernanceErrors.illegalTransition(id, current.state, to);
    }
    return present(decided);
  }

  private async find(id: string): Promise<ApprovalRecord> {
    const approval = /^[0-9a-f-]{36}$/.test(id) ? await this.repository.find(id) : undefined;
    if (!approval) throw GovernanceErrors.approvalNotFound(id);
    return approval;
  }

  private readRequest(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw GovernanceErrors.invalidRequest(
        'The body must be an object: { "subject", "reason", "schema", "schemaType"?, "references"?, "normalize"?, "ttlMinutes"? }',
      );
    }
    const { subject, reason, ttlMinutes, normalize, ...schemaBody } = body as Record<string, unknown>;
    if (typeof subject !== 'string') throw GovernanceErrors.invalidRequest('subject must be a string');
    if (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 2_000) {
      throw GovernanceErrors.invalidRequest('reason must be a string of 3 to 2000 characters');
    }
    const ttl = ttlMinutes === undefined ? this.options.defaultTtlMinutes : ttlMinutes;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > this.options.maxTtlMinutes) {
      throw GovernanceErrors.invalidRequest(`ttlMinutes must be an integer from 1 to ${this.options.maxTtlMinutes}`);
    }
    if (normalize !== undefined && typeof normalize !== 'boolean') {
      throw GovernanceErrors.invalidRequest('normalize must be a boolean');
    }
    return { subject, reason: reason.trim(), ttlMinutes: ttl, normalize: normalize === true, schemaBody };
  }
}

function readNote(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  const note = (body as { note?: unknown }).note;
  if (typeof body !== 'object' || Array.isArray(body) || (note !== undefined && typeof note !== 'string')) {
    throw GovernanceErrors.invalidRequest('The body must be an object with an optional string "note"');
  }
  return note?.slice(0, 2_000) ?? null;
}

function readCallback(body: unknown) {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { eventId, decision, approver, note, approvalId } = value;
  if (typeof eventId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(eventId)) {
    throw GovernanceErrors.invalidRequest('eventId must be a string of up to 128 letters, digits, . _ : -');
  }
  if (decision !== 'approve' && decision !== 'reject') {
    throw GovernanceErrors.invalidRequest('decision must be "approve" or "reject"');
  }
  const who = (typeof approver === 'object' && approver !== null ? approver : {}) as Record<string, unknown>;
  if (typeof who.user !== 'string' || who.user === '')
    throw GovernanceErrors.invalidRequest('approver.user is required');
  if (who.team !== undefined && typeof who.team !== 'string') {
    throw GovernanceErrors.invalidRequest('approver.team must be a string');
  }
  if (note !== undefined && typeof note !== 'string') throw GovernanceErrors.invalidRequest('note must be a string');
  return {
    eventId,
    decision: decision as 'approve' | 'reject',
    approvalId: typeof approvalId === 'string' ? approvalId : undefined,
    approver: { user: who.user, team: who.team as string | undefined, admin: who.admin === true },
    note: (note as string | undefined)?.slice(0, 2_000) ?? null,
  };
}

function present(record: ApprovalRecord): ApprovalView {
  return {
    id: record.id,
    subject: record.subject,
    fingerprint: record.fingerprint,
    reason: record.reason,
    state: record.state,
    requestedBy: record.requestedBy,
    requesterTeam: record.requesterTeam,
    approverTeams: record.approverTeams,
    decidedBy: record.decidedBy,
    decisionNote: record.decisionNote,
    decidedAt: record.decidedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    usedAt: record.usedAt?.toISOString() ?? null,
  };
}
