import { parseRequest, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { LineageErrors } from '../lineage/lineage.errors';
import type { ImpactRequest, NodeQuery } from '../lineage/lineage.service';

/** The deepest walk a query or impact question may ask for. */
export const MAX_DEPTH = 100;

const DEPTH = `depth must be an integer from 0 to ${MAX_DEPTH}`;

/** GET /api/v1/lineage and /api/v1/column-lineage: `nodeId`, `depth` (0 to 100, default 20), `withDownstream`. */
export const nodeQuery = z.object({
  nodeId: z.string({ error: 'nodeId is required' }).min(1, { error: 'nodeId is required' }),
  depth: z
    .string({ error: DEPTH })
    .transform(Number)
    .pipe(z.int({ error: DEPTH }).min(0, { error: DEPTH }).max(MAX_DEPTH, { error: DEPTH }))
    .default(20),
  withDownstream: z
    .string()
    .optional()
    .transform((flag) => flag === 'true'),
});

export function readNodeQuery(query: unknown): NodeQuery {
  return parseRequest(nodeQuery, query, (issue) => LineageErrors.invalidRequest(issue.message));
}

/** Non-objects (and arrays) as an empty object: their first missing field names the problem. */
const objectOrEmpty = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
const field = z.string().min(1);
const impactFields = {
  changedBy: z.string({ error: 'changedBy must be a string' }).optional(),
  directOnly: z.boolean({ error: 'directOnly must be a boolean' }).optional(),
  depth: z
    .int({ error: `depth must be an integer from 1 to ${MAX_DEPTH}` })
    .min(1, { error: `depth must be an integer from 1 to ${MAX_DEPTH}` })
    .max(MAX_DEPTH, { error: `depth must be an integer from 1 to ${MAX_DEPTH}` })
    .optional(),
};
const CHANGES = 'changes must be a list of 1 to 1000 changed fields';
/** The list's length is checked before its entries. */
const changes = <Change extends z.ZodType>(change: Change) =>
  z
    .array(z.unknown(), { error: CHANGES })
    .min(1, { error: CHANGES })
    .max(1_000, { error: CHANGES })
    .pipe(z.array(z.preprocess(objectOrEmpty, change)));

/** POST /impact with datasets: `{ changes: [{ namespace, name, field, change }], changedBy?, directOnly?, depth? }`. */
export const datasetImpactBody = z.looseObject({
  changes: changes(z.looseObject({ namespace: field, name: field, field, change: field })),
  ...impactFields,
});

/** POST /impact for a subject: the datasets of the contract binding it; `changes: [{ field, change }]`. */
export const subjectImpactBody = z.looseObject({
  subject: z.string({ error: 'subject must be a non-empty string' }).min(1, {
    error: 'subject must be a non-empty string',
  }),
  changes: changes(z.looseObject({ field, change: field })),
  ...impactFields,
});

const NOT_AN_OBJECT = 'The body must be an object: { changes: [...] } or { subject, changes }';

export function readImpactRequest(body: unknown): ImpactRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw LineageErrors.invalidRequest(NOT_AN_OBJECT);
  if ((body as { subject?: unknown }).subject === undefined) {
    return parseRequest(datasetImpactBody, body, impactError);
  }
  return parseRequest(subjectImpactBody, body, impactError);
}

/** A changed field's problem names it (`changes[2].field must be a non-empty string`); the rest say their own. */
function impactError(issue: RequestIssue): Error {
  const [list, index, key] = issue.path;
  if (list === 'changes' && key !== undefined) {
    return LineageErrors.invalidRequest(`changes[${String(index)}].${String(key)} must be a non-empty string`);
  }
  return LineageErrors.invalidRequest(issue.message);
}
