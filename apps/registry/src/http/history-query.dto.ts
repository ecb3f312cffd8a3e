import { parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { CheckRunErrors } from '../errors/check-run.errors';

export const MAX_HISTORY_PAGE = 200;
const LIMIT = `limit must be an integer from 1 to ${MAX_HISTORY_PAGE}`;

/** A page position: the newest-first key (created at, id) of the last item of the previous page. */
export interface HistoryCursor {
  createdAt: Date;
  id: string;
}

export interface HistoryQuery {
  limit: number;
  before?: HistoryCursor;
}

/** Opaque to clients: base64url of `<created_at ISO>|<uuid>`. */
export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** GET /contracts/{id}/checks and /drift-events: `limit` (1 to 200, default 50), `before` (the previous `next`). */
export const historyQuery = z.object({
  limit: z
    .string({ error: LIMIT })
    .meta({ description: `1 to ${MAX_HISTORY_PAGE} (default 50)` })
    .regex(/^\d{1,4}$/, { error: LIMIT })
    .transform(Number)
    .pipe(z.int({ error: LIMIT }).min(1, { error: LIMIT }).max(MAX_HISTORY_PAGE, { error: LIMIT }))
    .default(50),
  before: z
    .string({ error: 'before must be a cursor' })
    .meta({ description: "The previous page's `next`: continue with older items" })
    .transform((text, context) => {
      const match = CURSOR.exec(Buffer.from(text, 'base64url').toString('utf8'));
      const createdAt = match ? new Date(match[1]!) : undefined;
      if (match && createdAt && !Number.isNaN(createdAt.getTime())) return { createdAt, id: match[2]! };
      context.issues.push({
        code: 'custom',
        path: ['before'],
        message: 'before must be a `next` cursor from a previous page',
        input: text,
      });
      return z.NEVER;
    })
    .optional(),
});

export function readHistoryQuery(query: unknown): HistoryQuery {
  return parseRequest(historyQuery, query, (issue) => CheckRunErrors.invalidHistoryQuery(issue.message));
}
