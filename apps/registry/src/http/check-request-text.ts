import { exceedsJsonDepth } from '@charter/schema';
import { findUnstorableText } from '@charter/service-host';
import { RegistryErrors } from '../errors/registry.errors';

/** No JSON body nests deeper (schema text is a string inside it, so this never limits schemas). */
export const MAX_BODY_DEPTH = 64;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * A JSON body's text before it is parsed, and the parsed value after: refused when it nests deeper than
 * {@link MAX_BODY_DEPTH} (no recursive walk may overflow on it) or holds text PostgreSQL cannot store (U+0000, an
 * unpaired surrogate). Returns the error to answer with, or undefined.
 */
export function checkJsonBodyText(text: string): Error | undefined {
  if (exceedsJsonDepth(text, MAX_BODY_DEPTH)) {
    return RegistryErrors.invalidRequest(`The request body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return undefined;
}

/** Escapes by which JSON text can carry U+0000 or a surrogate (raw ones are invalid JSON or decoding errors). */
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

export function checkJsonBodyValue(text: string, value: unknown): Error | undefined {
  // Without such an escape in the text, there is nothing to walk.
  if (!UNSTORABLE_ESCAPE.test(text)) return undefined;
  const at = findUnstorableText(value);
  return at === undefined
    ? undefined
    : RegistryErrors.invalidRequest(
        `The request body holds text that cannot be stored (U+0000 or an unpaired surrogate) at ${at}`,
      );
}

/**
 * Path parameters and query values as the router decoded them: control characters (U+0000–U+001F, U+007F) name
 * nothing a registry holds (a subject with one is 42208, as Confluent refuses it), and a query parameter given more
 * than once is ambiguous. Returns the error to answer with, or undefined.
 */
export function checkRequestParameters(params: unknown, query: unknown): Error | undefined {
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string' || !CONTROL_CHARACTERS.test(value)) continue;
    return name === 'subject'
      ? RegistryErrors.invalidSubject(value.replace(CONTROL_CHARACTERS, '?'), 'It contains control characters.')
      : RegistryErrors.invalidRequest(`Path parameter ${name} must not contain control characters`);
  }
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) return RegistryErrors.invalidRequest(`Query parameter ${name} is given more than once`);
    if (typeof value === 'string' && CONTROL_CHARACTERS.test(value)) {
      return RegistryErrors.invalidRequest(`Query parameter ${name} must not contain control characters`);
    }
  }
  return undefined;
}
