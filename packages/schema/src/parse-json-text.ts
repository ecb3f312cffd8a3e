import { SchemaError, SchemaErrorCode } from './errors';
import type { JsonValue } from './types';

export interface JsonTextLimits {
  /** Deepest nesting of arrays/objects accepted. Deeper documents are refused before any recursive work. */
  maxDepth: number;
  /** Largest text accepted, in UTF-16 code units. */
  maxLength: number;
}

export const DEFAULT_JSON_LIMITS: JsonTextLimits = { maxDepth: 128, maxLength: 2 * 1024 * 1024 };

/**
 * What a schema may hold, beyond its text's size and depth: counts no real schema needs, refused before any work
 * grows with them. Avro: fields per record, symbols per enum, branches per union; JSON Schema: properties per object
 * (and pattern properties), values per `enum`, subschemas per `oneOf`/`anyOf`/`allOf`/`prefixItems`.
 */
export interface SchemaLimits extends JsonTextLimits {
  maxFields: number;
  maxEnumSymbols: number;
  maxUnionBranches: number;
  maxProperties: number;
}

export const DEFAULT_SCHEMA_LIMITS: SchemaLimits = {
  ...DEFAULT_JSON_LIMITS,
  maxFields: 10_000,
  maxEnumSymbols: 10_000,
  maxUnionBranches: 1_000,
  maxProperties: 10_000,
};

/** Limits given as text limits only take the defaults for the counts. */
export function withSchemaLimits(limits: Partial<SchemaLimits> | undefined): SchemaLimits {
  return { ...DEFAULT_SCHEMA_LIMITS, ...limits };
}

/**
 * Parses schema text as JSON with limits that keep every later recursive walk safe:
 * the depth is measured by a scan of the text itself, so a 10 000-deep document never reaches a recursive function.
 */
export function parseJsonText(text: string, limits: JsonTextLimits = DEFAULT_JSON_LIMITS): JsonValue {
  if (text.length > limits.maxLength) {
    throw new SchemaError(
      SchemaErrorCode.TooLarge,
      `schema is ${text.length} characters; the limit is ${limits.maxLength}`,
      '',
      { length: text.length, limit: limits.maxLength },
    );
  }
  const depth = measureDepth(text, limits.maxDepth);
  if (depth.exceeded) {
    throw new SchemaError(SchemaErrorCode.TooDeep, `schema nests deeper than ${limits.maxDepth} levels`, depth.path, {
      limit: limits.maxDepth,
    });
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new SchemaError(SchemaErrorCode.InvalidJson, `schema is not valid JSON: ${(error as Error).message}`);
  }
}

/** Whether JSON text nests arrays/objects deeper than `maxDepth`, found by a scan of the text (no parse). */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  return measureDepth(text, maxDepth).exceeded;
}

/**
 * Scans JSON text for bracket depth without building anything. A string is skipped in one jump to its closing quote
 * (`indexOf`, counting the backslashes before a quote to tell an escaped one): a long string costs a few native
 * searches, not a loop over its characters.
 */
function measureDepth(text: string, maxDepth: number): { exceeded: boolean; path: string } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      if (i < 0) break; // unterminated: JSON.parse says so
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > maxDepth) return { exceeded: true, path: `character ${i}` };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return { exceeded: false, path: '' };
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at >= 0; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** A deterministic serialisation: object keys sorted by code point, no insignificant whitespace. */
export function stringifySorted(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifySorted).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stringifySorted(value[key] as JsonValue)}`).join(',')}}`;
}

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
