/**
 * Every object in an error's chain: the error, its `cause`s, and what Prisma nests under `meta` and
 * `meta.driverAdapterError` (where the driver's SQLSTATE, kind and constraint live).
 */
export function* errorChain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    pending.push(record.cause, record.meta, record.driverAdapterError);
  }
}
