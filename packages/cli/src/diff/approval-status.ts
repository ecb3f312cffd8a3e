// The pure half of approvals: which head schema versions need one, where each stands, what an approval lifts.
import type { ApprovalStatus, DiffReason, DiffReasonCode } from './diff-report';

/**
 * The blocking reasons an approval on the registry can lift: an incompatible schema and a blast radius the lineage
 * gate refuses. A dropped contracted field, a rewritten or deleted version, contract rules: never (ADR 0006).
 */
export const APPROVABLE_REASONS: ReadonlySet<DiffReasonCode> = new Set([
  'incompatible-schema',
  'impact-needs-approval',
]);

/** What the approval request body's `reason` holds until someone writes why the change is needed. */
export const REASON_PLACEHOLDER = '<why this change is needed, for the approvers>';

export interface SchemaVersionRef {
  subject: string;
  version: number;
  file: string;
}

/** An approval as POST /approvals/lookup lists it (read off the wire). */
export interface LookedUpApproval {
  id?: unknown;
  state?: unknown;
  reason?: unknown;
  decidedBy?: unknown;
  decidedAt?: unknown;
  expiresAt?: unknown;
}

/** The schema as the registry takes it: the body of a registration, of POST /approvals and of the lookup. */
export interface SchemaRequestBody {
  subject: string;
  schema: string;
  schemaType: 'AVRO' | 'JSON';
  references?: Array<{ name: string; subject: string; version: number }>;
}

/** The head schema versions with at least one blocking reason an approval can lift, each once, in report order. */
export function versionsNeedingApproval(reasons: readonly DiffReason[]): SchemaVersionRef[] {
  const seen = new Map<string, SchemaVersionRef>();
  for (const reason of reasons) {
    if (!reason.blocking || !APPROVABLE_REASONS.has(reason.code)) continue;
    if (reason.subject === undefined || reason.version === undefined) continue;
    const key = `${reason.subject}\u0000${reason.version}`;
    if (!seen.has(key)) seen.set(key, { subject: reason.subject, version: reason.version, file: reason.file });
  }
  return [...seen.values()];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Where one version stands, from the registry's lookup (`approvals` newest first): approved when any approval of
 * exactly this fingerprint is; otherwise the newest one's state (a request past its time is expired, swept or not)
 * or none, with the exact request that asks for one.
 */
export function toApprovalStatus(options: {
  version: SchemaVersionRef;
  fingerprint: string;
  approvals: readonly LookedUpApproval[];
  registryUrl: string;
  request: SchemaRequestBody;
  now: Date;
}): ApprovalStatus {
  const { version, fingerprint, approvals, registryUrl, request, now } = options;
  const status = { ...version, fingerprint };
  const approved = approvals.find((approval) => approval.state === 'approved' && text(approval.id) !== undefined);
  if (approved) {
    const reason = text(approved.reason);
    return {
      ...status,
      state: 'approved',
      approval: {
        id: text(approved.id)!,
        decidedBy: text(approved.decidedBy) ?? 'unknown',
        decidedAt: text(approved.decidedAt) ?? '',
        ...(reason === undefined ? {} : { reason }),
      },
    };
  }
  const newest = approvals[0];
  let state: ApprovalStatus['state'] = 'none';
  if (newest?.state === 'rejected' || newest?.state === 'expired') state = newest.state;
  if (newest?.state === 'requested') {
    const expiresAt = Date.parse(text(newest.expiresAt) ?? '');
    state = Number.isFinite(expiresAt) && expiresAt <= now.getTime() ? 'expired' : 'requested';
  }
  const body: Record<string, unknown> = { ...request, reason: REASON_PLACEHOLDER };
  return {
    ...status,
    state,
    ...(newest && text(newest.id) !== undefined
      ? {
          approval: {
            id: text(newest.id)!,
            decidedBy: text(newest.decidedBy) ?? '',
            decidedAt: text(newest.decidedAt) ?? '',
            ...(text(newest.reason) === undefined ? {} : { reason: text(newest.reason)! }),
          },
        }
      : {}),
    request: { method: 'POST', url: `${registryUrl.replace(/\/+$/, '')}/approvals`, body },
  };
}

/** The reasons with every approvable one of an approved version turned non-blocking, naming the approval. */
export function applyApprovals(reasons: readonly DiffReason[], items: readonly ApprovalStatus[]): DiffReason[] {
  const approved = new Map(
    items
      .filter((item) => item.state === 'approved' && item.approval)
      .map((item) => [`${item.subject}\u0000${item.version}`, item.approval!]),
  );
  return reasons.map((reason) => {
    if (!APPROVABLE_REASONS.has(reason.code) || reason.subject === undefined || reason.version === undefined)
      return reason;
    const approval = approved.get(`${reason.subject}\u0000${reason.version}`);
    if (!approval) return reason;
    return {
      ...reason,
      blocking: false,
      approvedBy: { id: approval.id, decidedBy: approval.decidedBy, decidedAt: approval.decidedAt },
    };
  });
}
