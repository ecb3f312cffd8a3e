import { isDomainError } from '@charter/errors';
import { isStoreTimeout, isStoreUnavailable } from '@charter/migrations';
import { RegistryErrors } from '../errors/registry.errors';

/**
 * Runs a store operation and turns "the database is not there" failures (refused, reset, restarting) into the
 * registry's retriable StoreUnavailable error (50001), and timeouts (pool, statement) into OperationTimeout (50002).
 * Anything else is rethrown as is.
 */
export async function translateStoreError<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (isStoreTimeout(error)) throw RegistryErrors.operationTimeout('Database', error);
    if (isStoreUnavailable(error)) throw RegistryErrors.storeUnavailable(error);
    throw error;
  }
}
