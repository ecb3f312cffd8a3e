import { checkKeyShape, permissionsOf, roleOf } from './identity';

describe('checkKeyShape', () => {
  it.each([
    ['', 'Enter your API key.'],
    ['   ', 'Enter your API key.'],
    ['no-secret', expect.stringContaining('<keyId>:<secret>')],
    ['a:b:c', expect.stringContaining('<keyId>:<secret>')],
    ['<b>:x', expect.stringContaining('<keyId>:<secret>')],
  ])('refuses %j', (value, message) => {
    expect(checkKeyShape(value)).toEqual(message);
  });

  it('takes keyId:secret, around whitespace', () => {
    expect(checkKeyShape(' k_123:s3cr3t.value ')).toBeUndefined();
  });
});

describe('permissionsOf', () => {
  it('gives a reader nothing to write or approve', () => {
    const reader = { keyId: 'r', role: 'reader', team: null };
    expect(roleOf(reader)).toBe('reader');
    expect(permissionsOf(reader)).toEqual({
      canWrite: false,
      canApprove: false,
      canAdminister: false,
      canReadAudit: false,
    });
  });

  it('lets a team key write and approve, not administer', () => {
    const team = { keyId: 't', role: 'team:orders', team: 'orders' };
    expect(roleOf(team)).toBe('team');
    expect(permissionsOf(team)).toMatchObject({ canWrite: true, canApprove: true, canAdminister: false });
  });

  it('reads an unknown role as a reader', () => {
    expect(roleOf({ keyId: 'x', role: 'root', team: null })).toBe('reader');
  });
});
