import type { z } from 'zod';

/** One problem zod found in a request body or query. */
export type RequestIssue = z.core.$ZodIssue;

/**
 * Parses a request body or query string with its schema, at the edge: services receive the typed result. zod
 * reports problems in the order of the schema's fields; the first becomes the route's wire error through
 * `toError` (each route keeps the error code, status and message it has always answered with).
 */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  toError: (issue: RequestIssue) => Error,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw toError(parsed.error.issues[0]!);
}

/** A problem a schema's own check adds (checks run in order, after the fields' types). */
export function addIssue(payload: z.core.ParsePayload, path: PropertyKey[], message: string): void {
  payload.issues.push({ code: 'custom', path, message, input: payload.value });
}

/** Non-objects (and arrays) as an empty object, for bodies whose first missing field names the problem. */
export function objectOrEmpty(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
