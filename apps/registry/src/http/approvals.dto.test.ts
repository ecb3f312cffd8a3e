import { refusalOf } from '@charter/testkit';
import { readApprovalCallback, readApprovalListQuery, readApprovalRequest, readDecisionNote } from './approvals.dto';

const refusal = refusalOf;

describe('readApprovalRequest', () => {
  it('reads the approval and the schema it is for', () => {
    expect(readApprovalRequest({ subject: 'orders-value', reason: '  a reason ', schema: '"int"', extra: 1 })).toEqual({
      subject: 'orders-value',
      reason: 'a reason',
      ttlMinutes: undefined,
      normalize: false,
      schema: expect.objectContaining({ schema: '"int"', schemaType: 'AVRO' }),
    });
  });

  it.each([
    [null, /^The body must be an object/],
    [{ reason: 'x' }, /^subject must be a string$/],
    [{ subject: 's', reason: '  ab  ' }, /^reason must be a string of 3 to 2000 characters$/],
    [{ subject: 's', reason: 'why', ttlMinutes: 1.5 }, /^ttlMinutes must be an integer from 1 to 43200$/],
    [{ subject: 's', reason: 'why', ttlMinutes: 43_201 }, /^ttlMinutes must be an integer from 1 to 43200$/],
    [{ subject: 's', reason: 'why', normalize: 'yes' }, /^normalize must be a boolean$/],
    [{ subject: 's', reason: 'why', references: {} }, /^Invalid request field references:/],
  ])('refuses %j (422)', (body, message) => {
    expect(refusal(() => readApprovalRequest(body))).toEqual({
      code: 'invalid-request',
      message: expect.stringMatching(message),
    });
  });

  it('refuses schema text that is not text as an invalid schema (42201)', () => {
    expect(refusal(() => readApprovalRequest({ subject: 's', reason: 'why', schema: {} })).code).toBe('invalid-schema');
  });
});

describe('readDecisionNote', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    [{}, undefined],
    [{ note: 'ok' }, 'ok'],
  ])('reads %j as %j', (body, note) => {
    expect(readDecisionNote(body)).toBe(note);
  });

  it.each([['note'], [[]], [{ note: null }], [{ note: 1 }]])('refuses %j', (body) => {
    expect(refusal(() => readDecisionNote(body)).message).toBe(
      'The body must be an object with an optional string "note"',
    );
  });
});

describe('readApprovalCallback', () => {
  const valid = { eventId: 'e-1', decision: 'approve', approver: { user: 'ann', team: 'growth' } };

  it('reads a decision; an approver is an admin only when marked `true`', () => {
    expect(readApprovalCallback({ ...valid, approvalId: 7, approver: { user: 'ann', admin: 'yes' } })).toEqual({
      eventId: 'e-1',
      decision: 'approve',
      approvalId: undefined,
      approver: { user: 'ann', team: undefined, admin: false },
      note: undefined,
    });
  });

  it.each([
    [[], 'eventId must be a string of up to 128 letters, digits, . _ : -'],
    [{ ...valid, eventId: 'e 1' }, 'eventId must be a string of up to 128 letters, digits, . _ : -'],
    [{ ...valid, decision: 'maybe' }, 'decision must be "approve" or "reject"'],
    [{ ...valid, approver: 'ann' }, 'approver.user is required'],
    [{ ...valid, approver: { user: 'ann', team: 1 } }, 'approver.team must be a string'],
    [{ ...valid, note: 1 }, 'note must be a string'],
  ])('refuses %j', (body, message) => {
    expect(refusal(() => readApprovalCallback(body))).toEqual({ code: 'invalid-request', message });
  });
});

describe('readApprovalListQuery', () => {
  it('reads the state, the subject and the page size (100 unless given)', () => {
    expect(readApprovalListQuery({ state: 'approved', subject: 's' })).toEqual({
      state: 'approved',
      subject: 's',
      limit: 100,
    });
    expect(readApprovalListQuery({ limit: '500' }).limit).toBe(500);
  });

  it.each([
    [{ state: 'pending' }, 'state must be one of requested, approved, rejected, expired'],
    [{ limit: '0' }, 'limit must be an integer from 1 to 500'],
    [{ limit: 'ten' }, 'limit must be an integer from 1 to 500'],
  ])('refuses %j', (query, message) => {
    expect(refusal(() => readApprovalListQuery(query))).toEqual({ code: 'invalid-request', message });
  });
});

describe('readApprovalRequest with a promotion', () => {
  const promotion = {
    id: 'F47AC10B-58CC-4372-A567-0E02B2C3D479',
    from: 'staging',
    to: 'prod',
    digest: `sha256:${'0'.repeat(64)}`,
    steps: [
      { kind: 'schema', subject: 's', version: 3, id: 17, fingerprint: 'a'.repeat(64) },
      { kind: 'contract', contract: 'orders', version: '3.1.0' },
    ],
  };

  it('reads the plan, the id in lower case', () => {
    expect(readApprovalRequest({ promotion, reason: ' ship it ', ttlMinutes: 60 })).toEqual({
      kind: 'promotion',
      promotion: { ...promotion, id: promotion.id.toLowerCase() },
      reason: 'ship it',
      ttlMinutes: 60,
    });
  });

  it.each([
    [{ promotion, reason: 'why', subject: 's' }, 'invalid-promotion', /unknown field\(s\) subject/],
    [{ promotion: { ...promotion, id: 'x' } }, 'invalid-promotion', /^Invalid promotion at promotion\.id:/],
    [
      { promotion: { ...promotion, steps: [{ ...promotion.steps[0], version: 0 }] }, reason: 'why' },
      'invalid-promotion',
      /promotion\.steps\[0\]\.version/,
    ],
    [{ promotion, reason: 'x' }, 'invalid-request', /^reason must be/],
  ])('refuses %j', (body, code, message) => {
    expect(refusal(() => readApprovalRequest(body))).toEqual({ code, message: expect.stringMatching(message) });
  });
});

describe('readApprovalListQuery filters', () => {
  it('reads kind and promotion', () => {
    expect(readApprovalListQuery({ kind: 'promotion', promotion: 'F47AC10B-58CC-4372-A567-0E02B2C3D479' })).toEqual({
      kind: 'promotion',
      promotionId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      limit: 100,
    });
    expect(refusal(() => readApprovalListQuery({ kind: 'exceptions' })).code).toBe('invalid-request');
  });
});
