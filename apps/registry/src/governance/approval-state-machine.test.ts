import type { Principal } from '../auth/principal';
import { type ApprovalAction, type ApprovalState, mayDecide, transitionApproval } from './approval-state-machine';

const NOW = new Date('2026-12-04T12:00:00Z');
const LATER = new Date('2026-12-04T13:00:00Z');
const EARLIER = new Date('2026-12-04T11:00:00Z');

describe('transitionApproval', () => {
  const cases: Array<[ApprovalState, Date, ApprovalAction, string]> = [
    ['requested', LATER, 'approve', 'approved'],
    ['requested', LATER, 'reject', 'rejected'],
    ['requested', LATER, 'expire', 'refused: not-due'],
    ['requested', EARLIER, 'expire', 'expired'],
    ['requested', NOW, 'expire', 'expired'],
    ['requested', EARLIER, 'approve', 'refused: expired'],
    ['requested', NOW, 'reject', 'refused: expired'],
    ['approved', LATER, 'reject', 'refused: decided'],
    ['approved', LATER, 'approve', 'refused: decided'],
    ['approved', EARLIER, 'expire', 'refused: decided'],
    ['rejected', LATER, 'approve', 'refused: decided'],
    ['expired', LATER, 'approve', 'refused: decided'],
    ['expired', EARLIER, 'expire', 'refused: decided'],
  ];
  it.each(cases)('%s (expires %s) + %s → %s', (state, expiresAt, action, expected) => {
    const result = transitionApproval({ state, expiresAt }, action, NOW);
    expect(result.allowed ? result.to : `refused: ${result.reason}`).toBe(expected);
  });
});

describe('mayDecide', () => {
  const approval = { requestedBy: 'ck_orders', requesterTeam: 'orders', approverTeams: ['analytics', 'fulfilment'] };
  const cases: Array<[string, Principal, boolean]> = [
    ['an approver team', { keyId: 'ck_a', role: 'team', team: 'analytics' }, true],
    ['the other approver team', { keyId: 'ck_f', role: 'team', team: 'fulfilment' }, true],
    ['an admin', { keyId: 'ck_admin', role: 'admin' }, true],
    ['the requesting key, even as admin', { keyId: 'ck_orders', role: 'admin' }, false],
    ['another key of the requesting team', { keyId: 'ck_o2', role: 'team', team: 'orders' }, false],
    ['a team that is not an approver', { keyId: 'ck_g', role: 'team', team: 'growth' }, false],
    ['ci', { keyId: 'ck_ci', role: 'ci' }, false],
    ['a reader', { keyId: 'ck_r', role: 'reader' }, false],
  ];
  it.each(cases)('%s → %s', (_name, principal, allowed) => {
    expect(mayDecide(approval, principal).allowed).toBe(allowed);
  });

  it('never lets the team owning the subject decide, even listed as a consumer and with a ci key asking', () => {
    const filedByCi = {
      requestedBy: 'ck_ci',
      requesterTeam: null,
      approverTeams: ['orders', 'analytics'],
      ownerTeam: 'orders',
    };
    expect(mayDecide(filedByCi, { keyId: 'ck_o', role: 'team', team: 'orders' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('owns the subject'),
    });
    expect(mayDecide(filedByCi, { keyId: 'ck_a', role: 'team', team: 'analytics' }).allowed).toBe(true);
  });

  it('leaves only admins when the change has no consumer teams', () => {
    const unowned = { ...approval, approverTeams: [] };
    expect(mayDecide(unowned, { keyId: 'ck_a', role: 'team', team: 'analytics' }).allowed).toBe(false);
    expect(mayDecide(unowned, { keyId: 'ck_admin', role: 'admin' }).allowed).toBe(true);
  });
});
