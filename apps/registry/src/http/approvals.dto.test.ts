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
