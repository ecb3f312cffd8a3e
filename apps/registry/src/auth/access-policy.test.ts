import { type Access, decideAccess, routeAccess } from './access-policy';
import type { Principal } from './principal';

const admin: Principal = { keyId: 'ck_admin', role: 'admin' };
const orders: Principal = { keyId: 'ck_orders', role: 'team', team: 'orders' };
const ci: Principal = { keyId: 'ck_ci', role: 'ci' };
const reader: Principal = { keyId: 'ck_reader', role: 'reader' };

describe('decideAccess', () => {
  const cases: Array<[string, Principal, Access, string | undefined, boolean]> = [
    ['reader reads', reader, 'read', undefined, true],
    ['reader may not test compatibility', reader, 'propose', undefined, false],
    ['ci tests compatibility', ci, 'propose', undefined, true],
    ['ci may not write a subject', ci, 'subject-write', 'orders', false],
    ['a team writes its own subject', orders, 'subject-write', 'orders', true],
    ["a team may not write another team's subject", orders, 'subject-write', 'growth', false],
    ['a team may not write a subject nobody owns', orders, 'subject-write', undefined, false],
    ['a team may change governance records it owns', orders, 'team-write', undefined, true],
    ['ci may not change governance records', ci, 'team-write', undefined, false],
    ['a team is not an admin', orders, 'admin', undefined, false],
    ['admin does anything', admin, 'admin', undefined, true],
    ['admin writes any subject', admin, 'subject-write', 'growth', true],
  ];
  it.each(cases)('%s', (_name, principal, access, owner, allowed) => {
    expect(decideAccess(principal, access, { subject: 'orders-value', subjectOwner: owner }).allowed).toBe(allowed);
  });

  it('makes a route missing from the table admin-only', () => {
    expect(routeAccess('POST', '/some/new/route')).toBe('admin');
    expect(routeAccess('GET', '/subjects')).toBe('read');
  });
});
