import { RegistryErrors } from '../errors/registry.errors';

/** `latest` and `-1` in a version path parameter. */
export const LATEST_VERSION = -1;
const MAX_VERSION = 2_147_483_647;

/**
 * Reads a `{version}` path parameter as Confluent does: `latest` (any case, trimmed) or `-1` mean the latest live
 * version; otherwise an integer in [1, 2^31-1]. Anything else (`0`, `-2`, `abc`, `1.5`, `99999999999`) is 42202.
 */
export function parseVersionId(text: string): number {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'latest') return LATEST_VERSION;
  if (!/^-?\d+$/.test(trimmed)) throw RegistryErrors.invalidVersion(text);
  const value = Number(trimmed);
  if (value === LATEST_VERSION) return value;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_VERSION) throw RegistryErrors.invalidVersion(text);
  return value;
}

/**
 * Reads a `{id}` path parameter as Confluent's server does: a 32-bit integer (`+`/`-` allowed), or `undefined`
 * for text that is none (the route does not match: 404). Integers outside [1, 2^31-1] are ids no schema has.
 */
export function parseSchemaId(text: string): number | undefined {
  if (!/^[+-]?\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -(2 ** 31) && value <= MAX_VERSION ? value : undefined;
}
