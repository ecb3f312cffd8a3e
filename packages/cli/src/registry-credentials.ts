import { readFileSync } from 'node:fs';

/** A Charter API key given as `<keyId>:<secret>` (flag or CHARTER_API_KEY) or read from a key file; none without either. */
export function readApiKey(options: { key?: string; keyFile?: string }): { keyId: string; secret: string } | undefined {
  let key = options.key?.trim();
  if (!key && options.keyFile) key = readFileSync(options.keyFile, 'utf8').trim();
  if (!key) return undefined;
  const separator = key.indexOf(':');
  if (separator <= 0) throw new Error('an API key must be given as <keyId>:<secret>');
  return { keyId: key.slice(0, separator), secret: key.slice(separator + 1) };
}

/**
 * The Authorization header for a Charter API key given as `<keyId>:<secret>` (flag or CHARTER_API_KEY) or read from
 * a key file (the run command writes `.charter/admin.key`). Sent as HTTP Basic, as Confluent clients do.
 */
export function authorizationHeader(options: { key?: string; keyFile?: string }): Record<string, string> {
  const key = readApiKey(options);
  if (!key) return {};
  return { authorization: `Basic ${Buffer.from(`${key.keyId}:${key.secret}`).toString('base64')}` };
}
