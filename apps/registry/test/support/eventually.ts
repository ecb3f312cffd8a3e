/** Invalidation crosses processes over pub/sub: allow it a few milliseconds, no more than a second. */
export async function eventually(read: () => Promise<unknown>, expected: unknown): Promise<void> {
  const deadline = Date.now() + 1_000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(last).toEqual(expected);
}
