import { createHash } from 'node:crypto';

/**
 * sha256 of a JSON value with every object's keys sorted: two posts of the same document hash alike however their
 * keys were ordered, and any other difference (a value, an added or missing field) changes the hash.
 */
export function hashDocument(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
  return createHash('sha256').update(text).digest('hex');
}
