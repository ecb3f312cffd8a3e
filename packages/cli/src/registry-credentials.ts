import { readFileSync } from 'node:fs';

/**
 * The Authorization header for a Charter API key given as `<keyId>:<secret>` (flag or CHARTER_API_KEY) or read from
 * a key file (the run command writes `.charter/admin.key`). Sent as HTTP Basic, as Confluent clients do.
 */
export function authorizationHeader(options: { key?: string; keyFile?: string }): Record<string, string> {
  let key = options.key?.trim();
  if (!key && options.keyFile) key = readFileSync(options.keyFile, 'utf8').trim();
  if (!key) return {};
  if (!key.includes(':')) throw new Error('an API key must be given as <keyId>:<secret>');
  return { authorization: `Basic ${Buffer.from(key).toString('base64')}` };
}
