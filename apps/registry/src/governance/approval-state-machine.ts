import type { Principal } from '../auth/principal';

/** An exception to policy for one schema, or a promotion plan waiting for its go-ahead on the target. */
export const APPROVAL_KINDS = ['exception', 'promotion'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export const APPROVAL_STATES = ['requested', 'approved', 'rejected', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export type ApprovalAction = 'approve' | 'reject' | 'expire';

const TARGET: Record<ApprovalAction, ApprovalState> = { approve: 'approved', reject: 'rejected', expire: 'expired' };

export type Transition =
  | { allowed: true; to: ApprovalState }
  | { allowed: false; to: ApprovalState; reason: 'decided' | 'expired' | 'not-due' };

/**
 * requested → approved | rejected | expired. A decided approval never changes; a decision after the expiry time
 * is refused (the approval is expired, whether or not the sweep has marked it yet); expiring before it is due is
 * refused too.
 */
export function transitionApproval(
  current: { state: ApprovalState; expiresAt: Date },
  action: ApprovalAction,
  now: Date,
): Transition {
  const to = TARGET[action];
  if (current.state !== 'requested') return { allowed: false, to, reason: 'decided' };
  const isDue = now.getTime() >= current.expiresAt.getTime();
  if (action === 'expire') return isDue ? { allowed: true, to } : { allowed: false, to, reason: 'not-due' };
  return isDue ? { allowed: false, to, reason: 'expired' } : { allowed: true, to };
}

export interface DecisionRights {
  requestedBy: string;
  requesterTeam: string | null;
  approverTeams: readonly string[];
  /** The team owning the subject now (by ownership prefixes), if any. */
  ownerTeam?: string | undefined;
}

/**
 * Who may approve or reject: admins, and keys of the approver teams (the owners of the affected consumers); never
 * the key that asked, another key of the team that asked, nor the team owning the subject — whoever filed the
 * request (a ci key may file it for the owner; the owner listing itself as a consumer decides nothing).
 */
export function mayDecide(approval: DecisionRights, principal: Principal): { allowed: boolean; reason?: string } {
  if (principal.keyId === approval.requestedBy) return { allowed: false, reason: 'no one approves their own request' };
  if (principal.role === 'admin') return { allowed: true };
  if (principal.role !== 'team') return { allowed: false, reason: 'only admins and approver teams decide approvals' };
  if (principal.team === approval.requesterTeam) {
    return { allowed: false, reason: `team ${principal.team} asked for this approval and cannot decide it` };
  }
  if (approval.ownerTeam !== undefined && principal.team === approval.ownerTeam) {
    return { allowed: false, reason: `team ${principal.team} owns the subject and cannot approve an exception for it` };
  }
  if (approval.approverTeams.includes(principal.team!)) return { allowed: true };
  const who = approval.approverTeams.length === 0 ? 'admins' : `admins or teams ${approval.approverTeams.join(', ')}`;
  return { allowed: false, reason: `only ${who} may decide this approval` };
}
