import { isDomainError } from '@charter/errors';
import { isStoreDataError, isStoreTimeout, isStoreUnavailable } from './store-errors';

/** The errors an app answers with when its store fails in one of the three ways that are not a bug. */
export interface StoreErrorAnswers {
  /** The pool, the connection or a statement timed out (retriable). */
  timeout(cause: unknown): Error;
  /** The database cannot answer now: refused, reset, restarting, too many clients (retriable). */
  unavailable(cause: unknown): Error;
  /** The request carried a value the database refuses to store (the client's fault: a 4xx). */
  unstorable(cause: unknown): Error;
}

export type StoreErrorTranslator = <T>(operation: () => Promise<T>) => Promise<T>;

/**
 * One classification for every app: a store operation's failure becomes the app's timeout, unavailable or unstorable
 * error; domain errors and anything else (a bug, answered as a 500) are rethrown as they are.
 */
export function createStoreErrorTranslator(answers: StoreErrorAnswers): StoreErrorTranslator {
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw translateStoreFailure(error, answers);
    }
  };
}

/** What a failed store operation should be answered with (the error itself when it is not a store failure). */
export function translateStoreFailure(error: unknown, answers: StoreErrorAnswers): unknown {
  if (isDomainError(error)) return error;
  if (isStoreTimeout(error)) return answers.timeout(error);
  if (isStoreUnavailable(error)) return answers.unavailable(error);
  if (isStoreDataError(error)) return answers.unstorable(error);
  return error;
}
