import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from '@charter/errors';
import type { EventViolation } from '@charter/lineage-core';

export interface LineageWireError {
  /** HTTP status. */
  status: number;
  /** What the code means to a client. */
  meaning: string;
}

/**
 * The one table of the lineage service's error codes: each code's HTTP status and meaning. The exception filter
 * answers from it (Marquez's `{ code, message }` plus `error` and the details); a test checks that every code the
 * service throws is here.
 */
export const LINEAGE_ERRORS = {
  'invalid-event': {
    status: 400,
    meaning: 'The OpenLineage event breaks the specification or a limit; `violations` says where',
  },
  'invalid-request': { status: 400, meaning: 'A query or body the route cannot read' },
  'unstorable-value': { status: 400, meaning: 'A value in the event is out of what the store can hold' },
  unauthenticated: { status: 401, meaning: 'No API key, or one the registry does not know' },
  forbidden: { status: 403, meaning: "The key's role may not call this route" },
  'node-not-found': { status: 404, meaning: 'No dataset, column or job with this node id' },
  'too-many-failed-authentications': {
    status: 429,
    meaning: 'The registry throttles this caller after failed keys; retry after Retry-After',
  },
  'ingest-busy': { status: 503, meaning: 'Too many events are waiting to be stored; retry' },
  'store-unavailable': { status: 503, meaning: 'The lineage database cannot answer now; retry' },
  'key-service-unavailable': { status: 503, meaning: 'The registry cannot verify API keys now; retry' },
} as const satisfies Record<string, LineageWireError>;

export type LineageErrorCode = keyof typeof LINEAGE_ERRORS;

/** The lineage service's errors, by code (statuses in {@link LINEAGE_ERRORS}). */
export const LineageErrors = {
  invalidEvent: (violations: readonly EventViolation[]) =>
    new InvalidInputError<LineageErrorCode>(
      'invalid-event',
      `Invalid OpenLineage event: ${violations.length} violation(s): ${violations
        .slice(0, 5)
        .map((violation) => `${violation.path || '/'} ${violation.code}`)
        .join('; ')}${violations.length > 5 ? '; …' : ''}`,
      { details: { violations } },
    ),
  invalidRequest: (message: string) => new InvalidInputError<LineageErrorCode>('invalid-request', message),
  busy: (waiting: number) =>
    new UnavailableError<LineageErrorCode>('ingest-busy', `${waiting} events are waiting to be stored; retry shortly`),
  nodeNotFound: (nodeId: string) =>
    new NotFoundError<LineageErrorCode>('node-not-found', `Node '${nodeId}' not found.`),
  unauthenticated: (reason: string) =>
    new UnauthenticatedError<LineageErrorCode>('unauthenticated', `Unauthorized: ${reason}`),
  forbidden: (reason: string) => new ForbiddenError<LineageErrorCode>('forbidden', `Forbidden: ${reason}`),
};
