import { isDomainError } from '@charter/errors';
import { RegistryErrors } from '../errors/registry.errors';
import { errorChain } from './error-chain';

/** Driver-adapter error kinds (Prisma 7) that mean "the database cannot answer now". */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionAlreadyClosed',
  'TlsConnectionError',
]);
/** Prisma error codes of the same meaning: unreachable, timed out, closed, pool exhausted, transaction expired. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** PostgreSQL SQLSTATEs: class 08 (connection exception), shutdown in progress, cannot connect now, too many. */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Transaction already closed|Unable to start a transaction/i;

/**
 * Runs a store operation and turns "the database is not there" failures (refused, reset, restarting, pool or
 * transaction timed out) into the registry's retriable StoreUnavailable error. Anything else is rethrown as is.
 */
export async function translateStoreError<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (isUnavailable(error)) throw RegistryErrors.storeUnavailable(error);
    throw error;
  }
}

export function isUnavailable(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (typeof link.kind === 'string' && UNAVAILABLE_KINDS.has(link.kind)) return true;
    for (const code of [link.code, link.originalCode]) {
      if (typeof code !== 'string') continue;
      if (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)) {
        return true;
      }
    }
    for (const message of [link.message, link.originalMessage]) {
      if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    }
  }
  return false;
}
