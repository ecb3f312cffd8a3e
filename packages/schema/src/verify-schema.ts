import { SchemaError, type SchemaErrorCode } from './errors';
import type { SchemaLimits } from './parse-json-text';
import { parseSchema } from './parse-schema';
import type { SchemaInput } from './types';

export interface VerifySchemaTask {
  input: SchemaInput;
  limits?: Partial<SchemaLimits>;
}

/** What {@link verifySchema} found, as plain data (it crosses a thread boundary). */
export type VerifySchemaOutcome =
  | { ok: true }
  | { ok: false; code: SchemaErrorCode; reason: string; path: string; details: Record<string, unknown> };

/**
 * Every check `parseSchema` makes, the runtime libraries' included, with plain data as the answer: the task a
 * worker thread runs so that the heavy part of parsing a large schema (avsc and ajv generate code) stays off a
 * server's event loop. The caller then parses without the library checks.
 */
export function verifySchema(task: VerifySchemaTask): VerifySchemaOutcome {
  try {
    parseSchema(task.input, task.limits, { checkWithLibraries: true });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { ok: false, code: error.code, reason: error.reason, path: error.path, details: error.details };
  }
}

/** The error a failed outcome stands for. */
export function schemaErrorOf(outcome: Extract<VerifySchemaOutcome, { ok: false }>): SchemaError {
  return new SchemaError(outcome.code, outcome.reason, outcome.path, outcome.details);
}
