import { isDomainError, UnavailableError } from '@charter/errors';

/** Anything the database throws becomes a retriable `store-unavailable` (503); domain errors pass through. */
export async function translateStoreError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw new UnavailableError('store-unavailable', 'The lineage store cannot be reached; retry', {
      cause: error,
    });
  }
}
