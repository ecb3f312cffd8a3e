import { isDomainError } from '@charter/errors';
import { isStoreDataError, isStoreTimeout, isStoreUnavailable } from '@charter/migrations';
import { RegistryErrors } from '../errors/registry.errors';

/**
 * Runs a store operation and turns "the database is not there" failures (refused, reset, restarting) into the
 * registry's retriable StoreUnavailable error (50001), timeouts (pool, statement) into OperationTimeout (50002),
 * and values the database refuses to store into a 422.
 * Anything else is rethrown as is.
 */
export async function translateStoreError<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (isStoreTimeout(error)) throw RegistryErrors.operationTimeout('Database', error);
    if (isStoreUnavailable(error)) throw RegistryErrors.storeUnavailable(error);
    // A value the database refuses (out of range, not valid text) is the request's fault, not the server's.
    if (isStoreDataError(error)) throw RegistryErrors.invalidRequest('A value in the request cannot be stored');
    throw error;
  }
}
