/**
 * Text PostgreSQL cannot keep: U+0000 in `text` or `jsonb`, and an unpaired UTF-16 surrogate (no UTF-8 form; JSON
 * sent to the database carries it as an escape `jsonb` refuses). Either fails the whole statement. These find it
 * in what a request carries, so the edge can refuse it with a 4xx, and replace it where a record must be kept
 * anyway (an audit row of a refused request).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching U+0000 is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Whether a string holds text PostgreSQL cannot store. */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** The JSON pointer of the first string (or object key) PostgreSQL cannot store, or undefined when there is none. */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return path || '/';
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], path: `${path}/${index}` });
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current).reverse()) {
        const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (UNSTORABLE.test(key)) return child;
        stack.push({ value: (current as Record<string, unknown>)[key], path: child });
      }
    }
  }
  return undefined;
}

/**
 * `value` with every U+0000 and unpaired surrogate in its strings and keys written as visible text (`\u0000`,
 * `\ud800`): a copy, only when there is any.
 */
export function escapeUnstorableText<T>(value: T): T {
  if (findUnstorableText(value) === undefined) return value;
  return escapeEach(value) as T;
}

function escapeEach(value: unknown): unknown {
  if (typeof value === 'string') return escapeText(value);
  if (Array.isArray(value)) return value.map(escapeEach);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, escapeText(key), {
      value: escapeEach(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function escapeText(text: string): string {
  return text.replace(UNSTORABLE_ALL, (found) => `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
