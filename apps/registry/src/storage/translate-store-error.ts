import { createStoreErrorTranslator } from '@charter/service-host';
import { RegistryErrors } from '../errors/registry.errors';

/**
 * Runs a store operation and turns "the database is not there" failures (refused, reset, restarting) into the
 * registry's retriable StoreUnavailable error (50001), timeouts (pool, statement) into OperationTimeout (50002),
 * and values the database refuses to store into a 422. Anything else is rethrown as is.
 */
export const translateStoreError = createStoreErrorTranslator({
  timeout: (cause) => RegistryErrors.operationTimeout('Database', cause),
  unavailable: (cause) => RegistryErrors.storeUnavailable(cause),
  // A value the database refuses (out of range, not valid text) is the request's fault, not the server's.
  unstorable: () => RegistryErrors.invalidRequest('A value in the request cannot be stored'),
});
