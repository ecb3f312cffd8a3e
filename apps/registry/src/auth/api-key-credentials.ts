import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A key id and its secret as a client presents them. */
export interface Credentials {
  keyId: string;
  secret: string;
}

const KEY_ID = /^ck_[0-9a-f]{20}$/;
const SECRET = /^cs_[A-Za-z0-9_-]{43}$/;

/** A new key: a public id and a 256-bit secret, shown once and stored only as its hash. */
export function generateCredentials(): Credentials {
  return { keyId: `ck_${randomBytes(10).toString('hex')}`, secret: `cs_${randomBytes(32).toString('base64url')}` };
}

export function generateSecret(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

/** sha256 hex: secrets carry 256 random bits, so a slow password hash would add latency and no safety. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = createHash('sha256').update(secret).digest();
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The bearer token form of a key: `<keyId>.<secret>`. */
export function formatToken(credentials: Credentials): string {
  return `${credentials.keyId}.${credentials.secret}`;
}

export type CredentialsReading =
  | { kind: 'none' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'credentials'; credentials: Credentials };

/** Standard base64 with its padding, and nothing after it (Buffer.from would ignore junk). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads an Authorization header: `Basic base64(keyId:secret)` (what Confluent clients send) or
 * `Bearer keyId.secret` (also `keyId:secret`). Strict: one credential (no comma-joined second one), base64 with
 * nothing after its padding. Nothing here is ever logged.
 */
export function readAuthorization(header: string | undefined): CredentialsReading {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  if (header.includes(',')) return { kind: 'malformed', reason: 'Authorization must carry one credential' };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  let pair: string;
  if (scheme === 'basic') {
    if (!BASE64.test(value)) return { kind: 'malformed', reason: 'Basic credentials must be base64' };
    pair = Buffer.from(value, 'base64').toString('utf8');
  } else if (scheme === 'bearer') {
    pair = value;
  } else {
    return { kind: 'malformed', reason: 'Authorization must use the Basic or Bearer scheme' };
  }
  const separator = pair.search(/[:.]/);
  if (separator < 0) return { kind: 'malformed', reason: 'Credentials must be a key id and a secret' };
  const keyId = pair.slice(0, separator);
  const secret = pair.slice(separator + 1);
  if (!KEY_ID.test(keyId) || !SECRET.test(secret)) {
    return { kind: 'malformed', reason: 'Credentials are not a Charter API key' };
  }
  return { kind: 'credentials', credentials: { keyId, secret } };
}

/** The key id an Authorization header presents, verified or not (for counting and auditing failures). */
export function presentedKeyId(header: string | undefined): string | undefined {
  const reading = readAuthorization(header);
  return reading.kind === 'credentials' ? reading.credentials.keyId : undefined;
}
