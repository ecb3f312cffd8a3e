import { randomUUID } from 'node:crypto';
import { verifyWebhook } from '@charter/notify';
import type { AuthFailureGuard } from '../auth/auth-failure-guard';
import type { Actor, Principal } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import type { SchemaPreparer } from '../registry/schema-preparer';
import type { SchemaRequest } from '../registry/schema-request';
import type { SettingsService } from '../registry/settings.service';
import { contentOf } from '../registry/subject-content';
import { parseSubjectName } from '../registry/subject-name';
import type { ApprovalEventRecord, ApprovalRecord, ApprovalRepository } from '../storage/approval.repository';
import {
  type ApprovalAction,
  type ApprovalKind,
  type ApprovalState,
  mayDecide,
  transitionApproval,
} from './approval-state-machine';
import { type AuditService, auditActor, auditEntry } from './audit.service';
import type { ContractsService } from './contracts.service';
import type { OwnershipService } from './ownership.service';
import {
  digestPromotion,
  type PromotionPlan,
  type PromotionStep,
  type PromotionSummary,
  promotedSubjects,
  summarizePromotion,
} from './promotion';

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

/** POST /approvals for an exception, as `http/approvals.dto.ts` reads it. */
export interface ApprovalRequest {
  kind?: 'exception';
  subject: string;
  reason: string;
  /** Undefined: the configured default. */
  ttlMinutes: number | undefined;
  /** Fingerprint the canonical form, as a registration with `normalize=true` would. */
  normalize: boolean;
  schema: SchemaRequest;
}

/** POST /approvals for a promotion: the plan to apply on this registry once approved. */
export interface PromotionApprovalRequest {
  kind: 'promotion';
  promotion: PromotionPlan;
  reason: string;
  ttlMinutes: number | undefined;
}

/** POST /approvals/lookup, as `http/approvals.dto.ts` reads it: an approval request without reason and ttl. */
export type ApprovalLookup = Omit<ApprovalRequest, 'reason' | 'ttlMinutes'>;

/** A signed decision from an integration (POST /approvals/{id}/callback). */
export interface ApprovalCallback {
  eventId: string;
  decision: 'approve' | 'reject';
  /** When given, the approval the integration means (it must be the one of the path). */
  approvalId: string | undefined;
  approver: { user: string; team: string | undefined; admin: boolean };
  note: string | undefined;
}

/** How a signed callback arrived: the exact body text its signature covers, and who sent it. */
export interface SignedDelivery {
  rawBody: string | undefined;
  signature: string | undefined;
  requestId: string;
  address: string;
}

export interface ApprovalListQuery {
  state?: ApprovalState;
  subject?: string;
  kind?: ApprovalKind;
  promotionId?: string;
  limit: number;
}

/** A lookup lists at most this many approvals of one schema (newest first). */
const MAX_LOOKUP_APPROVALS = 100;

/** Decision notes are kept to this many characters. */
const MAX_NOTE_LENGTH = 2_000;

export interface ApprovalView {
  id: string;
  kind: ApprovalKind;
  /** Exceptions: the subject and schema fingerprint; null for a promotion. */
  subject: string | null;
  fingerprint: string | null;
  /** Promotions: the plan (its steps only where one approval is shown, not in lists); null for an exception. */
  promotion: (PromotionSummary & { steps?: PromotionStep[] }) | null;
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
 * `/approvals`: an exception to policy for exactly one schema (by fingerprint) on one subject, or a promotion plan
 * waiting to be applied on this registry. An exception is requested by the subject's team (or ci/admin) and decided
 * by admins or the teams owning the contract's consumers; a promotion is requested by an admin or the team owning
 * every subject it writes, and decided by admins or the other teams owning those subjects. Never by whoever asked;
 * expired by a sweep (which records an escalation); decided also through signed, idempotent callbacks.
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

  /** A new approval (`isNew`), or the one a promotion plan already has open or approved. */
  async request(
    actor: Actor,
    request: ApprovalRequest | PromotionApprovalRequest,
  ): Promise<{ view: ApprovalView; isNew: boolean }> {
    const ttlMinutes = request.ttlMinutes ?? this.options.defaultTtlMinutes;
    if (ttlMinutes > this.options.maxTtlMinutes) {
      throw GovernanceErrors.invalidRequest(`ttlMinutes must be an integer from 1 to ${this.options.maxTtlMinutes}`);
    }
    return request.kind === 'promotion'
      ? this.requestPromotion(actor, request, ttlMinutes)
      : { view: await this.requestException(actor, request, ttlMinutes), isNew: true };
  }

  private async requestException(actor: Actor, request: ApprovalRequest, ttlMinutes: number): Promise<ApprovalView> {
    const { reason, normalize } = request;
    const subject = parseSubjectName(request.subject);
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
    const prepared = await this.preparer.prepare(contentOf(request.schema), {
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
        kind: 'exception',
        subject,
        fingerprint: prepared.fingerprint,
        promotionId: null,
        promotion: null,
        promotionSteps: null,
        reason,
        requestedBy: principal.keyId,
        requesterTeam: principal.team ?? null,
        approverTeams,
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
      },
      {
        kind: 'exception',
        subject,
        fingerprint: prepared.fingerprint,
        reason,
        approverTeams,
        requestedBy: principal.keyId,
      },
      (row) =>
        auditEntry(actor, { action: 'approval.request', targetType: 'approval', target: row.id, after: present(row) }),
    );
    if ('live' in approval) throw new Error('an exception approval never finds a live promotion');
    return present(approval.created);
  }

  /**
   * A promotion plan to apply here once approved. An admin or the team owning every subject the plan writes asks
   * (never a ci key: promotions are applied by people or by the owning team's automation); the other teams owning
   * those subjects decide, or admins. The digest must be the plan's (`digestPromotion`). Asking again for a plan
   * (same id and digest) that has an open or approved approval answers that one and writes nothing; a changed plan
   * (another digest) gets an approval of its own. Its audit rows carry the promotion id, whatever the header.
   */
  private async requestPromotion(
    given: Actor,
    request: PromotionApprovalRequest,
    ttlMinutes: number,
  ): Promise<{ view: ApprovalView; isNew: boolean }> {
    const { promotion: plan, reason } = request;
    if (given.promotionId !== undefined && given.promotionId !== plan.id) {
      throw GovernanceErrors.invalidPromotion(
        `Invalid promotion: the X-Charter-Promotion header names ${given.promotionId}, the body promotion ${plan.id}`,
        'id',
      );
    }
    const digest = digestPromotion(plan);
    if (digest !== plan.digest) {
      throw GovernanceErrors.invalidPromotion(
        `Invalid promotion at promotion.digest: ${plan.digest} is not the plan's digest (sha256 over {from, to, steps} as JSON)`,
        'promotion.digest',
      );
    }
    const actor: Actor = { ...given, promotionId: plan.id };
    const { principal } = actor;
    const summary = summarizePromotion(plan);
    const owners = await this.ownership.ownersOf(promotedSubjects(plan.steps));
    const refusal =
      principal.role !== 'admin' && principal.role !== 'team'
        ? `${principal.role} keys may not request promotion approvals (an admin or the owning team does)`
        : principal.role === 'team'
          ? describeNotOwned(principal.team!, owners)
          : undefined;
    if (refusal !== undefined) {
      await this.audit.record(actor, {
        action: 'approval.request',
        targetType: 'approval',
        target: `promotion:${plan.id}`,
        outcome: 'denied',
        after: { kind: 'promotion', promotion: summary, reason: refusal },
      });
      throw GovernanceErrors.forbidden(refusal);
    }
    const approverTeams = [...new Set(owners.values())]
      .filter((team): team is string => team !== undefined && team !== principal.team)
      .sort();
    const now = this.now();
    const outcome = await this.repository.create(
      {
        id: randomUUID(),
        kind: 'promotion',
        subject: null,
        fingerprint: null,
        promotionId: plan.id,
        promotion: summary,
        promotionSteps: plan.steps,
        reason,
        requestedBy: principal.keyId,
        requesterTeam: principal.team ?? null,
        approverTeams,
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
      },
      { kind: 'promotion', promotion: summary, reason, approverTeams, requestedBy: principal.keyId },
      (row) =>
        auditEntry(actor, {
          action: 'approval.request',
          targetType: 'approval',
          target: row.id,
          after: present({ ...row, promotionSteps: undefined }),
        }),
    );
    if ('live' in outcome) return { view: present(outcome.live), isNew: false };
    return { view: present(outcome.created), isNew: true };
  }

  /**
   * POST /approvals/lookup: the schema's fingerprint, computed exactly as its registration (and POST /approvals)
   * would — references pinned, normalized when asked or configured — and every approval for it on the subject,
   * newest first, whatever their state. Reads only: a CI gate asks this before anyone registers.
   */
  async lookup(request: ApprovalLookup): Promise<{ subject: string; fingerprint: string; approvals: ApprovalView[] }> {
    const subject = parseSubjectName(request.subject);
    const settings = await this.settings.effective(subject);
    const prepared = await this.preparer.prepare(contentOf(request.schema), {
      normalize: request.normalize || settings.normalize,
    });
    const approvals = await this.repository.listForSchema(subject, prepared.fingerprint, MAX_LOOKUP_APPROVALS);
    return { subject, fingerprint: prepared.fingerprint, approvals: approvals.map(present) };
  }

  async get(id: string): Promise<ApprovalView & { events: Array<Omit<ApprovalEventRecord, 'payload'>> }> {
    const approval = await this.find(id);
    const events = (await this.repository.events(id)).map(({ payload: _payload, ...event }) => event);
    return { ...present(approval), events };
  }

  async list(query: ApprovalListQuery): Promise<ApprovalView[]> {
    return (await this.repository.list(query)).map(present);
  }

  /** POST /approvals/{id}/approve|reject by a key. */
  async decide(
    actor: Actor,
    id: string,
    action: 'approve' | 'reject',
    note: string | undefined,
  ): Promise<ApprovalView> {
    return this.applyDecision(actor, actor.principal, id, action, note);
  }

  /**
   * POST /approvals/{id}/callback: a decision from a chat or ticketing integration, signed with the shared webhook
   * secret over the exact body. A replayed event id answers the first outcome again and changes nothing. The body
   * is read (`readBody`) only once the signature holds: an unsigned request is refused as such, whatever it sends.
   */
  async callback(
    id: string,
    delivery: SignedDelivery,
    readBody: () => ApprovalCallback,
  ): Promise<Record<string, unknown>> {
    const wait = this.options.failures?.retryAfter(delivery.address) ?? 0;
    if (wait > 0) throw GovernanceErrors.tooManyFailures(wait);
    const secret = this.options.webhookSecret;
    const check =
      secret === undefined
        ? { valid: false as const, reason: 'signed callbacks are not configured' }
        : verifyWebhook(
            secret,
            delivery.signature,
            delivery.rawBody ?? '',
            Math.floor(this.now().getTime() / 1000),
            this.options.signatureToleranceSeconds,
          );
    if (!check.valid) {
      const refusal = GovernanceErrors.invalidSignature(check.reason);
      throw this.options.failures
        ? await this.options.failures.fail(
            {
              address: delivery.address,
              keyId: undefined,
              reason: check.reason,
              requestId: delivery.requestId,
              kind: 'signature',
              target: id,
            },
            refusal,
          )
        : refusal;
    }
    const callback = readBody();
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
      { principal, requestId: delivery.requestId },
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
    caller: Actor,
    principal: Principal,
    id: string,
    action: ApprovalAction & ('approve' | 'reject'),
    decisionNote: string | undefined,
  ): Promise<ApprovalView> {
    const note = decisionNote?.slice(0, MAX_NOTE_LENGTH) ?? null;
    const approval = await this.find(id);
    // An exception is not decided by the subject's owner; a promotion is decided by the owners of its subjects.
    const ownerTeam = approval.subject === null ? undefined : await this.ownership.ownerOf(approval.subject);
    // Deciding a promotion is part of it: its audit rows carry the promotion id.
    const actor: Actor = approval.promotionId === null ? caller : { ...caller, promotionId: approval.promotionId };
    const rights = mayDecide({ ...approval, ownerTeam }, principal);
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
      { ...identify(approval), state: to, decidedBy: principal.keyId, note },
      (row) =>
        auditEntry(actor, {
          action: `approval.${action}`,
          targetType: 'approval',
          target: id,
          before: { state: approval.state },
          after: present({ ...row, promotionSteps: undefined }),
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
}

/** What an approval is about, as its events name it. */
function identify(approval: ApprovalRecord): Record<string, unknown> {
  return approval.kind === 'promotion'
    ? { kind: 'promotion', promotion: approval.promotion }
    : { kind: 'exception', subject: approval.subject, fingerprint: approval.fingerprint };
}

/** Why a team may not ask for this promotion: the subjects it writes that the team does not own (undefined: none). */
function describeNotOwned(team: string, owners: Map<string, string | undefined>): string | undefined {
  const foreign = [...owners].filter(([, owner]) => owner !== team).map(([subject]) => subject);
  if (foreign.length === 0) return undefined;
  const shown = foreign.slice(0, 5).join(', ');
  const more = foreign.length > 5 ? ` and ${foreign.length - 5} more` : '';
  return `team ${team} may not request a promotion of subjects it does not own: ${shown}${more}`;
}

function present(record: ApprovalRecord): ApprovalView {
  return {
    id: record.id,
    kind: record.kind,
    subject: record.subject,
    fingerprint: record.fingerprint,
    promotion:
      record.promotion === null
        ? null
        : record.promotionSteps
          ? { ...record.promotion, steps: record.promotionSteps }
          : record.promotion,
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
