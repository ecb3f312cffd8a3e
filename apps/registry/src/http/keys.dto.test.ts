import { refusalOf } from '@charter/testkit';
import { readNewKey } from './keys.dto';

function refusal(body: unknown): string {
  const { code, message } = refusalOf(() => readNewKey(body));
  expect(code).toBe('invalid-request');
  return message;
}

describe('readNewKey', () => {
  it('reads the name (trimmed), the role and an expiry', () => {
    expect(readNewKey({ name: ' ci ', role: 'team:orders', expiresAt: '2999-01-01T00:00:00Z' })).toEqual({
      name: 'ci',
      role: { role: 'team', team: 'orders' },
      expiresAt: new Date('2999-01-01T00:00:00Z'),
    });
  });

  it.each([
    ['x', 'The body must be an object: { "name", "role", "expiresAt"? }'],
    [{ name: '   ', role: 'root' }, 'name must be a non-empty string of at most 200 characters'],
    [{ name: 'n'.repeat(201), role: 'admin' }, 'name must be a non-empty string of at most 200 characters'],
    [{ name: 'n', role: 'team:' }, 'role must be admin, ci, reader or team:<name>'],
    [{ name: 'n', role: 'ci', expiresAt: '2000-01-01T00:00:00Z' }, 'expiresAt must be an ISO-8601 time in the future'],
    [{ name: 'n', role: 'ci', expiresAt: null }, 'expiresAt must be an ISO-8601 time in the future'],
  ])('refuses %j', (body, message) => {
    expect(refusal(body)).toBe(message);
  });
});
