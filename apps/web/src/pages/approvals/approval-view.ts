import { type Identity, roleOf } from '../../auth/identity';

/** An approval as GET /approvals answers it (the registry's ApprovalView). */
export interface Approval {
  id: string;
  kind: 'exception' | 'promotion';
  subject: string | null;
  fingerprint: string | null;
  promotion: { id: string; from: string; to: string; digest: string; stepCount: number } | null;
  reason: string;
  state: 'requested' | 'approved' | 'rejected' | 'expired';
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

export const APPROVAL_STATES = ['requested', 'approved', 'rejected', 'expired'] as const;

/** The state to show: a request past its expiry is expired even before the registry's sweep marks it. */
export function shownState(approval: Pick<Approval, 'state' | 'expiresAt'>, now: Date): Approval['state'] {
  return approval.state === 'requested' && Date.parse(approval.expiresAt) <= now.getTime() ? 'expired' : approval.state;
}

/**
 * Whether the console offers this key Approve/Reject, by the registry's own rule (`mayDecide`): an open request, not
 * the key that asked nor its team; admins, or a key of one of the approver teams. The registry still decides.
 */
export function mayDecide(approval: Approval, identity: Identity, now: Date): boolean {
  if (shownState(approval, now) !== 'requested') return false;
  if (identity.keyId === approval.requestedBy) return false;
  const role = roleOf(identity);
  if (role === 'admin') return true;
  if (role !== 'team' || identity.team === null) return false;
  if (identity.team === approval.requesterTeam) return false;
  return approval.approverTeams.includes(identity.team);
}

/** What the approval is for, in a few words. */
export function describeTarget(approval: Approval): string {
  if (approval.kind === 'promotion' && approval.promotion) {
    const { from, to, stepCount } = approval.promotion;
    return `promotion ${from} → ${to} (${stepCount} step${stepCount === 1 ? '' : 's'})`;
  }
  return `${approval.subject ?? '?'} @ ${approval.fingerprint?.slice(0, 12) ?? '?'}`;
}
