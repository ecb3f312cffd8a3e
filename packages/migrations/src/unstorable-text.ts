/**
 * PostgreSQL cannot keep U+0000 in `text` or `jsonb` (it fails the whole statement). These find it in what a
 * request carries, so the edge can refuse it with a 4xx, and replace it where a record must be kept anyway (an
 * audit row of a refused request).
 */

/** The JSON pointer of the first string (or object key) holding U+0000, or undefined when there is none. */
export function findNulCharacter(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || '/';
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], path: `${path}/${index}` });
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current).reverse()) {
        const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (key.includes('\u0000')) return child;
        stack.push({ value: (current as Record<string, unknown>)[key], path: child });
      }
    }
  }
  return undefined;
}

/** `value` with every U+0000 in its strings and keys written as the visible text `\u0000` (a copy only if needed). */
export function escapeNulCharacters<T>(value: T): T {
  if (findNulCharacter(value) === undefined) return value;
  return escapeEach(value) as T;
}

function escapeEach(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\\u0000');
  if (Array.isArray(value)) return value.map(escapeEach);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, key.replaceAll('\u0000', '\\u0000'), {
      value: escapeEach(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
