import { ConflictError, InvalidInputError, NotFoundError } from '@charter/errors';
import { RegistryErrorCode as Code } from './registry-error-code';

/** Errors of the check-run and drift-event routes (`POST /checks`, `POST /drift-events` and their lists). */
export const CheckRunErrors = {
  invalidCheckRun: (message: string) => new InvalidInputError(Code.InvalidCheckRun, `Invalid check run: ${message}`),
  tooManyResults: (message: string) =>
    new InvalidInputError(Code.CheckRunTooManyResults, `Check run too large: ${message}`),
  inconsistent: (message: string, details: Record<string, unknown>) =>
    new InvalidInputError(Code.CheckRunInconsistent, `Check run does not add up: ${message}`, { details }),
  conflict: (runId: string) =>
    new ConflictError(
      Code.CheckRunConflict,
      `Check run ${runId} is stored with other content; a run id names one run: give a new run its own run_id`,
    ),
  notFound: (runId: string) => new NotFoundError(Code.CheckRunNotFound, `Check run '${runId}' not found.`),
  tooLarge: (limit: number) =>
    new InvalidInputError(
      Code.CheckRunTooLarge,
      `Check run body is larger than the limit of ${limit} bytes; send at most 1000 results with at most 20 examples each`,
    ),
  invalidDriftEvent: (message: string) =>
    new InvalidInputError(Code.InvalidDriftEvent, `Invalid drift event: ${message}`),
  driftConflict: (eventId: string) =>
    new ConflictError(
      Code.DriftEventConflict,
      `Drift event ${eventId} is stored with other content; an event id names one detection`,
    ),
  driftTooLarge: (limit: number) =>
    new InvalidInputError(Code.DriftEventTooLarge, `Drift event body is larger than the limit of ${limit} bytes`),
  invalidHistoryQuery: (message: string) => new InvalidInputError(Code.InvalidHistoryQuery, message),
};
