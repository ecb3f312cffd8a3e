import { objectOrEmpty, parseRequest, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { GovernanceErrors } from '../errors/governance.errors';
import { APPROVAL_KINDS, APPROVAL_STATES } from '../governance/approval-state-machine';
import type {
  ApprovalCallback,
  ApprovalListQuery,
  ApprovalLookup,
  ApprovalRequest,
  PromotionApprovalRequest,
} from '../governance/approvals.service';
import { PROMOTION_ID } from '../governance/promotion';
import { promotionError, promotionPlanBody, toPromotionPlan } from './promotion-request.dto';
import { checkSchemaRequest, SCHEMA_REQUEST_FIELDS, schemaRequestError, toSchemaRequest } from './schema-request.dto';

/** The longest an approval may wait for its decision (30 days). */
export const MAX_APPROVAL_TTL_MINUTES = 43_200;
const REASON = 'reason must be a string of 3 to 2000 characters';
const TTL = `ttlMinutes must be an integer from 1 to ${MAX_APPROVAL_TTL_MINUTES}`;
const APPROVAL_FIELDS = new Set(['subject', 'reason', 'ttlMinutes', 'normalize']);
const reasonField = z.string({ error: REASON }).max(2_000, { error: REASON }).trim().min(3, { error: REASON });
const ttlField = z.int({ error: TTL }).min(1, { error: TTL }).max(MAX_APPROVAL_TTL_MINUTES, { error: TTL }).optional();

/**
 * POST /approvals: the approval's own fields, then the schema it is for, exactly as a registration would send it
 * (`normalize` as its query parameter would be). A missing `ttlMinutes` takes the configured default.
 */
export const approvalRequestBody = z
  .looseObject(
    {
      subject: z.string({ error: 'subject must be a string' }),
      reason: reasonField,
      ttlMinutes: ttlField,
      normalize: z.boolean({ error: 'normalize must be a boolean' }).optional(),
      ...SCHEMA_REQUEST_FIELDS,
    },
    {
      error:
        'The body must be an object: { "subject", "reason", "schema", "schemaType"?, "references"?, "normalize"?, "ttlMinutes"? }',
    },
  )
  .check(checkSchemaRequest);

/** POST /approvals for a promotion: the plan instead of a subject and schema; nothing else. */
export const promotionApprovalBody = z.strictObject({
  promotion: promotionPlanBody,
  reason: reasonField,
  ttlMinutes: ttlField,
});

/** POST /approvals as documented: either body. */
export const anyApprovalRequestBody = z.union([approvalRequestBody, promotionApprovalBody]);

/** POST /approvals: a promotion when the body has `promotion`, an exception for one schema otherwise. */
export function readApprovalRequest(body: unknown): ApprovalRequest | PromotionApprovalRequest {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'promotion' in body) {
    const { promotion, reason, ttlMinutes } = parseRequest(promotionApprovalBody, body, (issue) =>
      issue.path[0] === 'reason' || issue.path[0] === 'ttlMinutes'
        ? GovernanceErrors.invalidRequest(issue.message)
        : promotionError(issue),
    );
    return { kind: 'promotion', promotion: toPromotionPlan(promotion), reason, ttlMinutes };
  }
  return readExceptionRequest(body);
}

function readExceptionRequest(body: unknown): ApprovalRequest {
  const { subject, reason, ttlMinutes, normalize, ...schema } = parseRequest(approvalRequestBody, body, (issue) =>
    isApprovalField(issue) ? GovernanceErrors.invalidRequest(issue.message) : schemaRequestError(issue),
  );
  return { subject, reason, ttlMinutes, normalize: normalize === true, schema: toSchemaRequest(schema) };
}

const LOOKUP_FIELDS = new Set(['subject', 'normalize']);

/**
 * POST /approvals/lookup: the body of POST /approvals without `reason` and `ttlMinutes` — the schema exactly as a
 * registration would send it, so the registry fingerprints it as that registration would.
 */
export const approvalLookupBody = z
  .looseObject(
    {
      subject: z.string({ error: 'subject must be a string' }),
      normalize: z.boolean({ error: 'normalize must be a boolean' }).optional(),
      ...SCHEMA_REQUEST_FIELDS,
    },
    {
      error: 'The body must be an object: { "subject", "schema", "schemaType"?, "references"?, "normalize"? }',
    },
  )
  .check(checkSchemaRequest);

export function readApprovalLookup(body: unknown): ApprovalLookup {
  const { subject, normalize, ...schema } = parseRequest(approvalLookupBody, body, (issue) =>
    issue.path.length === 0 || LOOKUP_FIELDS.has(String(issue.path[0]))
      ? GovernanceErrors.invalidRequest(issue.message)
      : schemaRequestError(issue),
  );
  return { subject, normalize: normalize === true, schema: toSchemaRequest(schema) };
}

function isApprovalField(issue: RequestIssue): boolean {
  return issue.path.length === 0 || APPROVAL_FIELDS.has(String(issue.path[0]));
}

/** POST /approvals/{id}/approve|reject: no body, or `{ note? }`. */
export const approvalDecisionBody = z.looseObject({ note: z.string().optional() });

export function readDecisionNote(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return parseRequest(approvalDecisionBody, body, () =>
    GovernanceErrors.invalidRequest('The body must be an object with an optional string "note"'),
  ).note;
}

const EVENT_ID = 'eventId must be a string of up to 128 letters, digits, . _ : -';
const APPROVER_USER = 'approver.user is required';

/** POST /approvals/{id}/callback: a decision from an integration, idempotent by `eventId`. */
export const approvalCallbackBody = z.preprocess(
  objectOrEmpty,
  z.looseObject({
    eventId: z.string({ error: EVENT_ID }).regex(/^[A-Za-z0-9._:-]{1,128}$/, { error: EVENT_ID }),
    decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject"' }),
    approver: z.preprocess(
      objectOrEmpty,
      z.looseObject({
        user: z.string({ error: APPROVER_USER }).min(1, { error: APPROVER_USER }),
        team: z.string({ error: 'approver.team must be a string' }).optional(),
        /** Anything but `true` is not an admin. */
        admin: z.boolean().optional().catch(undefined),
      }),
    ),
    note: z.string({ error: 'note must be a string' }).optional(),
    /** When given, it must be the approval of the path; anything but a string is ignored. */
    approvalId: z.string().optional().catch(undefined),
  }),
);

export function readApprovalCallback(body: unknown): ApprovalCallback {
  const { eventId, decision, approver, note, approvalId } = parseRequest(approvalCallbackBody, body, (issue) =>
    GovernanceErrors.invalidRequest(issue.message),
  );
  return {
    eventId,
    decision,
    approvalId,
    approver: { user: approver.user, team: approver.team, admin: approver.admin === true },
    note,
  };
}

const LIMIT = 'limit must be an integer from 1 to 500';

/** GET /approvals: `state`, `subject`, `kind`, `promotion`, `limit` (1 to 500, default 100). */
export const approvalListQuery = z.object({
  state: z.enum(APPROVAL_STATES, { error: `state must be one of ${APPROVAL_STATES.join(', ')}` }).optional(),
  subject: z.string().optional(),
  kind: z.enum(APPROVAL_KINDS, { error: `kind must be one of ${APPROVAL_KINDS.join(', ')}` }).optional(),
  promotion: z
    .string()
    .regex(PROMOTION_ID, { error: 'promotion must be a promotion id (a UUID)' })
    .meta({ description: "A promotion id: that promotion's approvals" })
    .transform((id) => id.toLowerCase())
    .optional(),
  limit: z
    .string({ error: LIMIT })
    .meta({ description: '1 to 500 (default 100)' })
    .transform(Number)
    .pipe(z.int({ error: LIMIT }).min(1, { error: LIMIT }).max(500, { error: LIMIT }))
    .default(100),
});

export function readApprovalListQuery(query: unknown): ApprovalListQuery {
  const { promotion, ...rest } = parseRequest(approvalListQuery, query, (issue) =>
    GovernanceErrors.invalidRequest(issue.message),
  );
  return promotion === undefined ? rest : { ...rest, promotionId: promotion };
}
