import { OPENLINEAGE_LIMITS } from './openlineage-limits';
import { utf8ByteLength } from './utf8-byte-length';
import {
  type OpenLineageEventOptions,
  type OpenLineageEventResult,
  validateOpenLineageEvent,
} from './validate-openlineage-event';

/**
 * Parses OpenLineage JSON text and validates it: `too-large` past `maxBytes` (UTF-8 bytes, default 2 MiB, checked
 * before parsing), `malformed-json` when it does not parse, otherwise whatever `validateOpenLineageEvent` finds.
 */
export function readOpenLineageEvent(text: string, options: OpenLineageEventOptions = {}): OpenLineageEventResult {
  const maxBytes = options.maxBytes ?? OPENLINEAGE_LIMITS.maxBytes;
  if (utf8ByteLength(text, maxBytes) > maxBytes) {
    return { violations: [{ path: '', code: 'too-large', message: `larger than ${maxBytes} bytes` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { violations: [{ path: '', code: 'malformed-json', message: `not valid JSON: ${reason}` }] };
  }
  return validateOpenLineageEvent(value, { maxBytes });
}
