import { InvalidInputError, UnavailableError } from '@charter/errors';

export interface PipelineWireError {
  status: number;
  /** The body's `error_code`: the status and a number, as the enforcement middleware's (42201, 50301…). */
  errorCode: number;
  meaning: string;
}

/**
 * The one table of the pipeline's own error codes, each with its HTTP status and meaning; the exception filter
 * answers from it as `{ error_code, code, message, ...details }`. A record refused for its contract (422 `contract-violation`)
 * or for want of the registry (503 `registry-unavailable`, …) is answered in the enforcement middleware's shape,
 * whether `@ContractBody` or the producer edge found it.
 */
export const PIPELINE_ERRORS = {
  'invalid-body': { status: 400, errorCode: 40001, meaning: 'The body is not JSON (or is empty)' },
  'invalid-batch': { status: 400, errorCode: 40002, meaning: 'A batch route takes a JSON array of 1 or more records' },
  'body-too-large': {
    status: 413,
    errorCode: 41301,
    meaning: 'The body is larger than CHARTER_PIPELINE_MAX_BODY_BYTES',
  },
  'batch-too-large': {
    status: 413,
    errorCode: 41302,
    meaning: 'A batch holds more records than CHARTER_PIPELINE_MAX_BATCH',
  },
  'unsupported-media-type': { status: 415, errorCode: 41501, meaning: 'Records are sent as application/json' },
  'kafka-unavailable': {
    status: 503,
    errorCode: 50310,
    meaning: 'Kafka did not take the records; nothing was sent, retry',
  },
} as const satisfies Record<string, PipelineWireError>;

export type PipelineErrorCode = keyof typeof PIPELINE_ERRORS;

export const PipelineErrors = {
  invalidBatch: (message: string) => new InvalidInputError<PipelineErrorCode>('invalid-batch', message),
  batchTooLarge: (count: number, max: number) =>
    new InvalidInputError<PipelineErrorCode>('batch-too-large', `the batch holds ${count} records; at most ${max}`, {
      details: { max },
    }),
  kafkaUnavailable: (cause: unknown) =>
    new UnavailableError<PipelineErrorCode>('kafka-unavailable', 'Kafka did not take the records; retry', { cause }),
};

/** A pipeline error code as the wire answers it: status, body `{ error_code, code, message, ...details }`, headers. */
export function pipelineWireError(
  code: PipelineErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const wire = PIPELINE_ERRORS[code];
  return {
    status: wire.status,
    body: { error_code: wire.errorCode, code, message, ...details },
    headers: wire.status === 503 ? { 'retry-after': '1' } : {},
  };
}
