/**
 * An upper estimate of the heap a JSON-like value holds, for caches bounded by bytes: strings at two bytes a
 * character (V8 keeps ASCII at one; the estimate errs high), objects and arrays by their slots. Iterative, and never
 * more work than the value's own size.
 */
export function estimateBytes(value: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') bytes += 24 + 2 * current.length;
    else if (typeof current === 'number' || typeof current === 'bigint') bytes += 16;
    else if (Array.isArray(current)) {
      bytes += 32 + 8 * current.length;
      for (const item of current) stack.push(item);
    } else if (current instanceof Date) bytes += 48;
    else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      bytes += 48 + 16 * keys.length;
      for (const key of keys) stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return bytes;
}
