import { auditQuery, describeChange, readFilters, readPageSize, toIsoTime, writeFilters } from './audit-filters';

describe('audit filters', () => {
  it('round-trips through the URL, leaving empty filters out and unknown outcomes blank', () => {
    const filters = readFilters(new URLSearchParams('actor=ck_1&action=approval.approve&outcome=maybe&since='));
    expect(filters).toEqual({
      actor: 'ck_1',
      action: 'approval.approve',
      targetType: '',
      target: '',
      outcome: '',
      since: '',
      until: '',
    });
    expect(writeFilters({ ...filters, target: ' x ', outcome: 'denied' })).toEqual({
      actor: 'ck_1',
      action: 'approval.approve',
      target: 'x',
      outcome: 'denied',
    });
  });

  it('reads datetime-local times as UTC and drops bad ones', () => {
    expect(toIsoTime('2026-12-06T10:15')).toBe('2026-12-06T10:15:00.000Z');
    expect(toIsoTime('2026-12-06T10:15:30')).toBe('2026-12-06T10:15:30.000Z');
    expect(toIsoTime('2026-12-06T10:15:30+01:00')).toBe('2026-12-06T09:15:30.000Z');
    expect(toIsoTime('')).toBeUndefined();
    expect(toIsoTime('yesterday')).toBeUndefined();
  });

  it('asks GET /audit for the page below the cursor with only the filters set', () => {
    const filters = readFilters(new URLSearchParams('target=abc&until=2026-12-06T10:00'));
    expect(auditQuery(filters, '42', 25)).toEqual({
      actor: undefined,
      action: undefined,
      targetType: undefined,
      target: 'abc',
      outcome: undefined,
      since: undefined,
      until: '2026-12-06T10:00:00.000Z',
      before: '42',
      limit: 25,
    });
  });

  it('takes only an offered page size from the URL', () => {
    expect(readPageSize(new URLSearchParams('limit=25'))).toBe(25);
    expect(readPageSize(new URLSearchParams('limit=7'))).toBe(50);
    expect(readPageSize(new URLSearchParams('limit=x'))).toBe(50);
    expect(readPageSize(new URLSearchParams())).toBe(50);
  });

  it('names the fields a change replaced, from what it was to what it is', () => {
    expect(describeChange({ state: 'requested' }, { state: 'approved', id: 1, decidedBy: 'k' })).toEqual([
      'state: "requested" → "approved"',
    ]);
    expect(describeChange({ a: 1, b: [1] }, { b: [1] })).toEqual(['a: 1 → (none)']);
    expect(describeChange(null, { a: 1 })).toEqual([]);
    expect(describeChange({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
