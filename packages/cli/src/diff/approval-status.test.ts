// Bad inputs tried (lookups off the wire): approvals without an id, a state nobody defined, a requested approval
// with an unreadable expiry, an approved one without decidedBy/decidedAt.
import fc from 'fast-check';
import {
  APPROVABLE_REASONS,
  applyApprovals,
  REASON_PLACEHOLDER,
  toApprovalStatus,
  versionsNeedingApproval,
} from './approval-status';
import type { DiffReason, DiffReasonCode } from './diff-report';

/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };

const FILE = 'contracts/orders/schemas/orders-value/v4.avsc';
const NOW = new Date('2026-12-06T12:00:00Z');
const REQUEST = { subject: 'orders-value', schema: '{"type":"string"}', schemaType: 'AVRO' as const };
const reason = (code: DiffReasonCode, extra: Partial<DiffReason> = {}): DiffReason => ({
  code,
  blocking: true,
  file: FILE,
  subject: 'orders-value',
  version: 4,
  message: code,
  ...extra,
});

describe('which versions need an approval', () => {
  it.each([
    ['an incompatible schema', [reason('incompatible-schema')], 1],
    ['an impact needing approval', [reason('impact-needs-approval')], 1],
    ['both on one version: asked once', [reason('incompatible-schema'), reason('impact-needs-approval')], 1],
    ['two versions', [reason('incompatible-schema'), reason('incompatible-schema', { version: 5 })], 2],
    ['a dropped contracted field: never approvable', [reason('field-missing', { subject: undefined })], 0],
    ['a rewritten version: never approvable', [reason('version-modified')], 0],
    ['a non-blocking note', [reason('incompatible-schema', { blocking: false })], 0],
    ['a reason without its version', [reason('incompatible-schema', { version: undefined })], 0],
  ])('%s → %i', (_name, reasons, count) => {
    expect(versionsNeedingApproval(reasons)).toHaveLength(count);
  });
});

describe('where a version stands', () => {
  const status = (approvals: Array<Record<string, unknown>>) =>
    toApprovalStatus({
      version: { subject: 'orders-value', version: 4, file: FILE },
      fingerprint: 'f'.repeat(64),
      approvals,
      registryUrl: 'http://registry:8081/',
      request: REQUEST,
      now: NOW,
    });
  const approved = { id: 'a1', state: 'approved', decidedBy: 'ck_analytics', decidedAt: '2026-12-05T10:00:00Z' };

  it.each([
    ['no approval at all', [], 'none'],
    ['requested, still open', [{ id: 'r', state: 'requested', expiresAt: '2026-12-07T00:00:00Z' }], 'requested'],
    [
      'requested, past its time (not swept yet)',
      [{ id: 'r', state: 'requested', expiresAt: '2026-12-06T11:59:59Z' }],
      'expired',
    ],
    ['requested, unreadable expiry', [{ id: 'r', state: 'requested', expiresAt: 'soon' }], 'requested'],
    ['rejected', [{ id: 'r', state: 'rejected', decidedBy: 'ck_x', decidedAt: '2026-12-01T00:00:00Z' }], 'rejected'],
    ['expired', [{ id: 'r', state: 'expired' }], 'expired'],
    ['an unknown state', [{ id: 'r', state: 'pondering' }], 'none'],
    ['approved', [approved], 'approved'],
    ['approved, with a newer rejected one', [{ id: 'r', state: 'rejected' }, approved], 'approved'],
    ['approved without an id (unusable)', [{ ...approved, id: undefined }], 'none'],
  ])('%s → %s', (_name, approvals, state) => {
    const item = status(approvals);
    expect(item.state).toBe(state);
    if (state === 'approved') {
      expect(item.approval).toMatchObject({ id: 'a1', decidedBy: 'ck_analytics', decidedAt: '2026-12-05T10:00:00Z' });
      expect(item.request).toBeUndefined();
    } else {
      expect(item.request).toEqual({
        method: 'POST',
        url: 'http://registry:8081/approvals',
        body: { ...REQUEST, reason: REASON_PLACEHOLDER },
      });
    }
  });
});

describe('what an approval lifts', () => {
  const items = [
    {
      subject: 'orders-value',
      version: 4,
      file: FILE,
      fingerprint: 'f',
      state: 'approved' as const,
      approval: { id: 'a1', decidedBy: 'ck_analytics', decidedAt: '2026-12-05T10:00:00Z' },
    },
  ];

  it.each([
    ['an incompatible schema of the approved version', reason('incompatible-schema'), false],
    ['its impact', reason('impact-needs-approval'), false],
    ['another version', reason('incompatible-schema', { version: 5 }), true],
    ['another subject', reason('incompatible-schema', { subject: 'payments-value' }), true],
    ['a dropped contracted field of it', reason('field-missing'), true],
    ['a rewritten published version', reason('version-modified'), true],
  ])('%s → blocking %s', (_name, given, blocking) => {
    const [after] = applyApprovals([given], items);
    expect(after!.blocking).toBe(blocking);
    if (!blocking) expect(after!.approvedBy).toEqual(items[0]!.approval);
  });

  it('never unblocks a reason an approval cannot lift, whatever is approved (property)', () => {
    const codes: DiffReasonCode[] = [
      'incompatible-schema',
      'impact-needs-approval',
      'field-missing',
      'version-modified',
      'version-deleted',
      'contract-deleted',
      'owner-changed',
    ];
    const anyReason = fc.record({
      code: fc.constantFrom(...codes),
      blocking: fc.boolean(),
      file: fc.constant(FILE),
      subject: fc.constantFrom('a', 'b'),
      version: fc.integer({ min: 1, max: 3 }),
      message: fc.constant('m'),
    });
    const anyItem = fc.record({
      subject: fc.constantFrom('a', 'b'),
      version: fc.integer({ min: 1, max: 3 }),
      file: fc.constant(FILE),
      fingerprint: fc.constant('f'),
      state: fc.constantFrom('approved' as const, 'requested' as const, 'none' as const),
      approval: fc.constant({ id: 'x', decidedBy: 'y', decidedAt: 'z' }),
    });
    fc.assert(
      fc.property(fc.array(anyReason, { maxLength: 12 }), fc.array(anyItem, { maxLength: 6 }), (reasons, given) => {
        const after = applyApprovals(reasons, given);
        expect(after).toHaveLength(reasons.length);
        after.forEach((changed, index) => {
          const before = reasons[index]!;
          if (!APPROVABLE_REASONS.has(before.code)) expect(changed).toBe(before);
          // An approval only ever lifts; nothing turns blocking.
          if (!before.blocking) expect(changed.blocking).toBe(false);
        });
      }),
      RUNS,
    );
  });
});
