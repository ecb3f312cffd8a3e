import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from '@charter/errors';
import type { EventViolation } from '@charter/lineage-core';

/** The lineage service's errors; `lineage-exception.filter.ts` maps their kinds to HTTP statuses. */
export const LineageErrors = {
  invalidEvent: (violations: readonly EventViolation[]) =>
    new InvalidInputError(
      'invalid-event',
      `Invalid OpenLineage event: ${violations.length} violation(s): ${violations
        .slice(0, 5)
        .map((violation) => `${violation.path || '/'} ${violation.code}`)
        .join('; ')}${violations.length > 5 ? '; …' : ''}`,
      { details: { violations } },
    ),
  invalidRequest: (message: string) => new InvalidInputError('invalid-request', message),
  busy: (waiting: number) =>
    new UnavailableError('ingest-busy', `${waiting} events are waiting to be stored; retry shortly`),
  nodeNotFound: (nodeId: string) => new NotFoundError('node-not-found', `Node '${nodeId}' not found.`),
  unauthenticated: (reason: string) => new UnauthenticatedError('unauthenticated', `Unauthorized: ${reason}`),
  forbidden: (reason: string) => new ForbiddenError('forbidden', `Forbidden: ${reason}`),
};
