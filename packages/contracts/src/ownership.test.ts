import { findSubjectOwner, type Ownership, parseOwnership } from './ownership';

const ownership: Ownership = {
  teams: [
    { name: 'orders', subjectPrefixes: ['orders-', 'orders.'], members: ['alice'] },
    { name: 'refunds', subjectPrefixes: ['orders-refunds-'], members: ['bob'] },
  ],
};

describe('findSubjectOwner', () => {
  it.each([
    ['orders-value', 'orders'],
    ['orders.v1.value', 'orders'],
    ['orders-refunds-value', 'refunds'],
    ['payments-value', undefined],
    ['orders', undefined],
  ])('%s → %s', (subject, owner) => {
    expect(findSubjectOwner(ownership, subject)).toBe(owner);
  });
});

describe('parseOwnership', () => {
  it('reads teams with channels', () => {
    const result = parseOwnership(
      'teams:\n  - name: orders\n    subjectPrefixes: [orders-]\n    members: [alice]\n    channels: { slack: "#orders" }\n',
      { file: 'ownership.yaml' },
    );
    expect(result.problems).toEqual([]);
    expect(result.ownership?.teams[0]).toEqual({
      name: 'orders',
      subjectPrefixes: ['orders-'],
      members: ['alice'],
      channels: { slack: '#orders' },
    });
  });

  it.each([
    [
      'an unknown field',
      'teams:\n  - name: a\n    subjectPrefixes: []\n    members: []\n    lead: x\n',
      '/teams/0/lead',
      5,
    ],
    ['a missing members list', 'teams:\n  - name: a\n    subjectPrefixes: [a-]\n', '/teams/0/members', 2],
    [
      'a prefix owned twice',
      'teams:\n  - name: a\n    subjectPrefixes: [x-]\n    members: []\n  - name: b\n    subjectPrefixes: [x-]\n    members: []\n',
      '/teams/1/subjectPrefixes/0',
      6,
    ],
    [
      'a team listed twice',
      'teams:\n  - name: a\n    subjectPrefixes: []\n    members: []\n  - name: a\n    subjectPrefixes: []\n    members: []\n',
      '/teams/1/name',
      5,
    ],
  ])('refuses %s', (_name, text, path, line) => {
    const result = parseOwnership(text, { file: 'ownership.yaml' });
    expect(result.ownership).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ code: 'invalid-ownership', file: 'ownership.yaml', path, line });
  });
});
