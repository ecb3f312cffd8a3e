import { waitUntil } from '@charter/testkit';

/** Invalidation crosses processes over pub/sub: allow it a few milliseconds, no more than a second. */
export async function eventually(read: () => Promise<unknown>, expected: unknown): Promise<void> {
  const same = (value: unknown) => JSON.stringify(value) === JSON.stringify(expected);
  const last = await waitUntil(read, same, { timeoutMs: 1_000, intervalMs: 10 }).catch(() => read());
  expect(last).toEqual(expected);
}
