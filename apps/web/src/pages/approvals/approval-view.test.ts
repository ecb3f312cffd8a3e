import type { Identity } from '../../auth/identity';
import { type Approval, describeTarget, mayDecide, shownState } from './approval-view';

const NOW = new Date('2026-12-06T12:00:00Z');
const approval = (overrides: Partial<Approval> = {}): Approval => ({
  id: '7b0a0d7e-0000-4000-8000-000000000001',
  kind: 'exception',
  subject: 'orders-value',
  fingerprint: 'sha256:0123456789abcdef',
  promotion: null,
  reason: 'drop amount_cents',
  state: 'requested',
  requestedBy: 'ck_orders',
  requesterTeam: 'orders',
  approverTeams: ['analytics', 'fulfilment'],
  decidedBy: null,
  decisionNote: null,
  decidedAt: null,
  expiresAt: '2026-12-07T12:00:00Z',
  createdAt: '2026-12-06T11:00:00Z',
  usedAt: null,
  ...overrides,
});
const key = (role: string, keyId = 'ck_other'): Identity => ({
  keyId,
  role,
  team: role.startsWith('team:') ? role.slice(5) : null,
});

describe('mayDecide (which keys see Approve and Reject)', () => {
  it.each([
    ['an approver team', key('team:analytics'), true],
    ['another approver team', key('team:fulfilment'), true],
    ['an admin', key('admin'), true],
    ['the requesting team', key('team:orders'), false],
    ['a team that is no approver', key('team:growth'), false],
    ['a reader', key('reader'), false],
    ['a ci key', key('ci'), false],
    ['the requesting key itself, even an admin', key('admin', 'ck_orders'), false],
  ])('%s → %s', (_who, identity, expected) => {
    expect(mayDecide(approval(), identity, NOW)).toBe(expected);
  });

  it('offers nothing on a decided or expired approval, even to an admin', () => {
    for (const state of ['approved', 'rejected', 'expired'] as const) {
      expect(mayDecide(approval({ state }), key('admin'), NOW)).toBe(false);
    }
    expect(mayDecide(approval({ expiresAt: '2026-12-06T11:59:59Z' }), key('admin'), NOW)).toBe(false);
  });
});

describe('shownState', () => {
  it('shows a request past its expiry as expired before the sweep marks it', () => {
    expect(shownState(approval({ expiresAt: '2026-12-06T12:00:00Z' }), NOW)).toBe('expired');
    expect(shownState(approval(), NOW)).toBe('requested');
    expect(shownState(approval({ state: 'approved', expiresAt: '2020-01-01T00:00:00Z' }), NOW)).toBe('approved');
  });
});

describe('describeTarget', () => {
  it('names the subject and fingerprint, or the promotion', () => {
    expect(describeTarget(approval())).toBe('orders-value @ sha256:01234');
    expect(
      describeTarget(
        approval({
          kind: 'promotion',
          subject: null,
          fingerprint: null,
          promotion: { id: 'p', from: 'staging', to: 'prod', digest: 'd', stepCount: 1 },
        }),
      ),
    ).toBe('promotion staging → prod (1 step)');
  });
});
