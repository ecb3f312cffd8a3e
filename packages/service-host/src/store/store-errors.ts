import { errorChain } from './error-chain';

/** Driver-adapter error kinds (Prisma 7) that mean "the database cannot answer now". */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'TooManyConnections',
  'TransactionAlreadyClosed',
  'TlsConnectionError',
]);
/** Prisma error codes of the same meaning: unreachable, closed, transaction expired. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1017', 'P2028']);
/** Timeouts: Prisma's (connect, operation, pool), the driver's socket timeout, and a cancelled statement (57014). */
const TIMEOUT_PRISMA_CODES = new Set(['P1002', 'P1008', 'P2024']);
const TIMEOUT_SQLSTATE = '57014';
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
 * Whether a failure of a store operation (PostgreSQL through pg, Prisma or its driver adapters) was a timeout: the
 * pool, the connection, or a statement cancelled by `statement_timeout`. Classified by codes, never by type, so it
 * needs neither Prisma nor pg.
 */
export function isStoreTimeout(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link.kind === 'SocketTimeout') return true;
    for (const code of [link.code, link.originalCode]) {
      if (code === TIMEOUT_SQLSTATE || (typeof code === 'string' && TIMEOUT_PRISMA_CODES.has(code))) return true;
    }
  }
  return false;
}

/** Whether a store failure means the database cannot answer now (refused, reset, restarting, too many clients). */
export function isStoreUnavailable(error: unknown): boolean {
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

/** PostgreSQL's class 22 (data exception): the values sent cannot be stored (out of range, bad encoding, …). */
const DATA_EXCEPTION_SQLSTATE = /^22[0-9A-Z]{3}$/;
/** Prisma's codes of the same meaning: value too long, out of range, invalid value. */
const DATA_PRISMA_CODES = new Set(['P2000', 'P2007', 'P2020']);

/**
 * Whether a store failure was the data's fault (a value PostgreSQL refuses to store: out of range, invalid text),
 * so the request that carried it is answered with a 4xx rather than a 500.
 */
export function isStoreDataError(error: unknown): boolean {
  for (const link of errorChain(error)) {
    for (const code of [link.code, link.originalCode]) {
      if (typeof code === 'string' && (DATA_EXCEPTION_SQLSTATE.test(code) || DATA_PRISMA_CODES.has(code))) return true;
    }
  }
  return false;
}
