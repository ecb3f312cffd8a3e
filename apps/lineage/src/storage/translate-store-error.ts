import { InvalidInputError, UnavailableError } from '@charter/errors';
import { createStoreErrorTranslator } from '@charter/service-host';

const unavailable = (cause: unknown) =>
  new UnavailableError('store-unavailable', 'The lineage store cannot answer now; retry', { cause });

/**
 * Runs a store operation and turns "the database cannot answer now" (down, restarting, timed out) into a retriable
 * `store-unavailable` (503), and a value the database refuses to store (out of range) into `unstorable-value`
 * (400); anything else — a bug — is rethrown as is and answered as a 500.
 */
export const translateStoreError = createStoreErrorTranslator({
  timeout: unavailable,
  unavailable,
  unstorable: (cause) =>
    new InvalidInputError('unstorable-value', 'A value in the event cannot be stored (out of range)', { cause }),
});
