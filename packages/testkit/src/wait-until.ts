export interface WaitUntilOptions {
  /** How long to keep asking before failing; 10 s unless said. */
  timeoutMs?: number;
  /** Pause between asks; 50 ms unless said. */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/**
 * Asks `read` until `done` accepts its value and returns that value; at the deadline it throws, naming what was
 * awaited and the last value seen (a wait that ends silently would let the assertion after it mislead). A `read`
 * that throws counts as not done yet; its last error is said if the deadline passes.
 */
export async function waitUntil<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  options: WaitUntilOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, what = 'a condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen =
        last === undefined
          ? 'nothing'
          : 'error' in last
            ? `an error: ${(last.error as Error)?.message ?? String(last.error)}`
            : JSON.stringify(last.value);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last saw ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
