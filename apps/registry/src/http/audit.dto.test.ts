import { refusalOf } from '@charter/testkit';
import { readAuditQuery } from './audit.dto';

const refusal = (query: unknown) => refusalOf(() => readAuditQuery(query));

describe('readAuditQuery', () => {
  it('reads filters, times, the cursor and the page size; `subject` is another name for `target`', () => {
    expect(
      readAuditQuery({ subject: 'orders-value', since: '2026-01-01T00:00:00Z', before: '42', outcome: 'denied' }),
    ).toEqual({
      target: 'orders-value',
      since: new Date('2026-01-01T00:00:00Z'),
      before: 42n,
      outcome: 'denied',
      limit: 100,
    });
    expect(readAuditQuery({ target: 't', subject: 's' }).target).toBe('t');
  });

  it.each([
    [{ limit: '501', before: 'x' }, 'limit must be an integer from 1 to 500'],
    [{ since: 'x', before: 'x' }, 'before must be an entry id'],
    [{ since: 'yesterday', until: 'x' }, 'since must be an ISO-8601 time'],
    [{ until: 'tomorrow' }, 'until must be an ISO-8601 time'],
  ])('refuses %j (42222), in the order the checks always ran', (query, message) => {
    expect(refusal(query)).toEqual({ code: 'invalid-audit-query', message });
  });
});
