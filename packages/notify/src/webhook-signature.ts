import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as outgoing and incoming webhooks use. */
export const SIGNATURE_HEADER = 'charter-signature';
export const EVENT_ID_HEADER = 'charter-event-id';

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`;
}

export type SignatureCheck = { valid: true; timestampSeconds: number } | { valid: false; reason: string };

/**
 * Checks a signature header against the exact body received. Refuses a missing or malformed header, a wrong MAC,
 * and a timestamp further than `toleranceSeconds` from now (a replay of an old, correctly signed request).
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds: number,
): SignatureCheck {
  if (header === undefined) return { valid: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key && value) fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  const timestamp = Number(fields.get('t')?.[0]);
  const signatures = fields.get('v1') ?? [];
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    return { valid: false, reason: `the ${SIGNATURE_HEADER} header must be t=<seconds>,v1=<hex>` };
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { valid: false, reason: `the signature timestamp is outside the ${toleranceSeconds} s tolerance` };
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches
    ? { valid: true, timestampSeconds: timestamp }
    : { valid: false, reason: 'the signature does not match' };
}

function hmac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}
