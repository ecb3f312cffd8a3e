import { addIssue, parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { GovernanceErrors } from '../errors/governance.errors';
import { MAX_AUDIT_PAGE } from '../governance/audit.service';
import { PROMOTION_ID } from '../governance/promotion';
import type { AuditQuery } from '../storage/audit.repository';

const LIMIT = `limit must be an integer from 1 to ${MAX_AUDIT_PAGE}`;
const time = (name: string) =>
  z
    .string()
    .meta({ description: 'ISO-8601' })
    .transform((text, context) => {
      const date = new Date(text);
      if (!Number.isNaN(date.getTime())) return date;
      addIssue(context, [], `${name} must be an ISO-8601 time`);
      return z.NEVER;
    })
    .optional();

/** GET /audit: filters, newest first, `limit` entries (default 100) older than entry `before`. */
export const auditQuery = z
  .object({
    limit: z
      .string({ error: LIMIT })
      .meta({ description: `1 to ${MAX_AUDIT_PAGE} (default 100)` })
      .transform(Number)
      .pipe(z.int({ error: LIMIT }).min(1, { error: LIMIT }).max(MAX_AUDIT_PAGE, { error: LIMIT }))
      .default(100),
    before: z
      .string()
      .regex(/^\d{1,18}$/, { error: 'before must be an entry id' })
      .meta({ description: "An entry id (the previous page's `next`): continue with older entries" })
      .transform((text) => BigInt(text))
      .optional(),
    since: time('since'),
    until: time('until'),
    actor: z.string().optional().meta({ description: 'Key id' }),
    action: z.string().optional().meta({ description: 'e.g. subject.register' }),
    targetType: z
      .string()
      .optional()
      .meta({ description: 'subject, config, mode, contract, key, approval, ownership, incident' }),
    target: z.string().optional().meta({ description: 'e.g. a subject name' }),
    subject: z.string().optional().meta({ description: 'The same as target' }),
    outcome: z.string().optional().meta({ description: 'ok or denied' }),
    promotion: z
      .string()
      .regex(PROMOTION_ID, { error: 'promotion must be a promotion id (a UUID)' })
      .meta({ description: 'A promotion id: the writes made with that X-Charter-Promotion header' })
      .transform((text) => text.toLowerCase())
      .optional(),
  })
  .transform(
    ({ subject, target, promotion, ...filters }): AuditQuery => ({
      ...filters,
      target: target ?? subject,
      ...(promotion === undefined ? {} : { promotionId: promotion }),
    }),
  );

export function readAuditQuery(query: unknown): AuditQuery {
  return parseRequest(auditQuery, query, (issue) => GovernanceErrors.invalidAuditQuery(issue.message));
}
