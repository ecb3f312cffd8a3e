import { addIssue, parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { LineageErrors } from '../lineage/lineage.errors';
import type { BreachQuery } from '../storage/contract-breach.repository';

/** The most breaches one page holds. */
export const MAX_BREACH_PAGE = 500;

const LIMIT = `limit must be an integer from 1 to ${MAX_BREACH_PAGE}`;
const text = (name: string) =>
  z.string({ error: `${name} must be given once, as text` }).min(1, { error: `${name} must not be empty` });

/** What both breach routes take: `since` (ISO-8601), `limit` (1 to 500, default 100), `before` (a breach id). */
const pageFields = {
  since: z
    .string({ error: 'since must be given once, as an ISO-8601 time' })
    .transform((value, context) => {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}/.test(value)) return date;
      addIssue(context, [], 'since must be an ISO-8601 time');
      return z.NEVER;
    })
    .optional(),
  limit: z
    .string({ error: LIMIT })
    .transform(Number)
    .pipe(z.int({ error: LIMIT }).min(1, { error: LIMIT }).max(MAX_BREACH_PAGE, { error: LIMIT }))
    .default(100),
  before: z
    .string({ error: 'before must be a breach id' })
    .regex(/^\d{1,18}$/, { error: 'before must be a breach id' })
    .transform((value) => BigInt(value))
    .optional(),
};

/** GET /api/v1/breaches: `contract`, `namespace` (and `name`, one dataset of it), `since`, `limit`, `before`. */
export const breachQuery = z
  .object({
    contract: text('contract').optional(),
    namespace: text('namespace').optional(),
    name: text('name').optional(),
    ...pageFields,
  })
  .superRefine((query, context) => {
    if (query.name !== undefined && query.namespace === undefined) {
      addIssue(context, ['name'], 'name needs namespace: a dataset is a namespace and a name');
    }
  })
  .transform(
    ({ contract, namespace, name, ...page }): BreachQuery => ({
      ...page,
      ...(contract === undefined ? {} : { contract }),
      ...(namespace === undefined ? {} : { dataset: name === undefined ? { namespace } : { namespace, name } }),
    }),
  );

/** GET /api/v1/namespaces/{namespace}/datasets/{name}/breaches: the dataset's, with `contract`, `since`, paging. */
export const datasetBreachQuery = z.object({ contract: text('contract').optional(), ...pageFields });

export function readBreachQuery(query: unknown): BreachQuery {
  return parseRequest(breachQuery, query, (issue) => LineageErrors.invalidRequest(issue.message));
}

export function readDatasetBreachQuery(namespace: string, name: string, query: unknown): BreachQuery {
  const page = parseRequest(datasetBreachQuery, query, (issue) => LineageErrors.invalidRequest(issue.message));
  return { ...page, dataset: { namespace, name } };
}
