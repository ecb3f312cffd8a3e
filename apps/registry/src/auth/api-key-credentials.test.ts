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
    // Buffer.from(…, 'base64') ignores what follows the padding: the header must be base64 and nothing more.
    ['junk after the base64 padding', `${basic(`${key.keyId}:${key.secret}`)}!!junk`],
    ['base64 without its padding', basic(`${key.keyId}:${key.secret}`).replace(/=+$/, '')],
    ['a second credential joined by a comma', `${basic(`${key.keyId}:${key.secret}`)}, Bearer ${formatToken(key)}`],
    ['two Bearer tokens', `Bearer ${formatToken(key)},${formatToken(key)}`],
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
