import { formatToken, generateCredentials, hashSecret, readAuthorization, secretMatches } from './api-key-credentials';

describe('API key credentials', () => {
  const key = generateCredentials();
  const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

  it('reads Basic (keyId:secret), Bearer keyId.secret and Bearer keyId:secret alike', () => {
    for (const header of [
      basic(`${key.keyId}:${key.secret}`),
      `Bearer ${formatToken(key)}`,
      `bearer ${key.keyId}:${key.secret}`,
    ]) {
      expect(readAuthorization(header)).toEqual({ kind: 'credentials', credentials: key });
    }
  });

  const malformed: Array<[string, string]> = [
    ['another scheme', `Digest ${key.keyId}`],
    ['Basic without a separator', basic('nothing-here')],
    ['a key id of another shape', basic(`user:${key.secret}`)],
    ['a short secret', basic(`${key.keyId}:cs_short`)],
    ['Bearer with nothing', 'Bearer'],
    ['garbage base64', 'Basic %%%'],
  ];
  it.each(malformed)('calls %s malformed', (_name, header) => {
    expect(readAuthorization(header).kind).toBe('malformed');
  });

  it('treats a missing or blank header as none', () => {
    expect(readAuthorization(undefined)).toEqual({ kind: 'none' });
    expect(readAuthorization('  ')).toEqual({ kind: 'none' });
  });

  it('stores only a hash, and matches the secret against it', () => {
    const hash = hashSecret(key.secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.secret);
    expect(secretMatches(key.secret, hash)).toBe(true);
    expect(secretMatches(generateCredentials().secret, hash)).toBe(false);
  });
});
