import type { z } from 'zod';

/** One problem zod found in a request body or query. */
export type RequestIssue = z.core.$ZodIssue;

/**
 * Parses a request body or query string with its schema, at the edge: the service receives the typed result. zod
 * reports problems in the order of the schema's fields; the first becomes the wire error through `toError`.
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
