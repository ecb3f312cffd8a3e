import { ConflictError, InvalidInputError, NotFoundError } from '@charter/errors';
import { RegistryErrorCode as Code } from './registry-error-code';

/** Errors of the incident routes (`/incidents`, their timeline, acknowledgements and closing). */
export const IncidentErrors = {
  invalid: (message: string) => new InvalidInputError(Code.InvalidIncident, `Invalid incident request: ${message}`),
  notFound: (id: string) => new NotFoundError(Code.IncidentNotFound, `Incident '${id}' not found.`),
  postmortemNotFound: (id: string) =>
    new NotFoundError(Code.PostmortemNotFound, `Incident '${id}' has no post-mortem yet.`),
  closed: (id: string, status: string) =>
    new ConflictError(Code.IncidentClosed, `Incident ${id} is ${status}: a closed incident takes no more changes`),
  idempotencyConflict: (id: string) =>
    new ConflictError(
      Code.IncidentIdempotencyConflict,
      `Idempotency-Key already opened incident ${id} with another request body; a key names one open request: give a new incident its own key`,
      { details: { incident: id } },
    ),
};
