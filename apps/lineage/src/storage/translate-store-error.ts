import { InvalidInputError, isDomainError, UnavailableError } from '@charter/errors';
import { isStoreDataError, isStoreTimeout, isStoreUnavailable } from '@charter/migrations';

/**
 * Runs a store operation and turns "the database cannot answer now" (down, restarting, timed out) into a retriable
 * `store-unavailable` (503), and a value the database refuses to store (out of range) into `unstorable-value`
 * (400); anything else — a bug — is rethrown as is and answered as a 500.
 */
export async function translateStoreError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (isStoreTimeout(error) || isStoreUnavailable(error)) {
      throw new UnavailableError('store-unavailable', 'The lineage store cannot answer now; retry', { cause: error });
    }
    if (isStoreDataError(error)) {
      throw new InvalidInputError('unstorable-value', 'A value in the event cannot be stored (out of range)', {
        cause: error,
      });
    }
    throw error;
  }
}
