import { parseRequest, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { CheckRunErrors } from '../errors/check-run.errors';

/**
 * POST /checks: a check-run document as `charter checkpoint` and `charter dbt check` write it (Great Expectations'
 * validation-result shape). This is the registry's own reading of the wire contract: it does not import the CLI's
 * package. Objects are strict (an unknown field is refused, not dropped), except `kwargs`, `meta` and a result's
 * `observed_value`/examples, which are free-form.
 */
export const MAX_CHECK_RESULTS = 1_000;
export const MAX_UNEXPECTED_EXAMPLES = 20;

const text = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .min(1, { error: `${name} must not be empty` })
    .max(max, { error: `${name} must be at most ${max} characters` });
const time = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an ISO-8601 time` });
const count = (name: string) =>
  z.int({ error: `${name} must be a whole number` }).min(0, { error: `${name} must not be negative` });
const percent = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .min(0, { error: `${name} must be from 0 to 100` })
    .max(100, { error: `${name} must be from 0 to 100` });

export const checkResultBody = z.strictObject({
  id: text('id', 512),
  success: z.boolean({ error: 'success must be a boolean' }),
  severity: z.enum(['error', 'warning'], { error: 'severity must be "error" or "warning"' }),
  expectation_config: z.strictObject({
    expectation_type: text('expectation_config.expectation_type', 256),
    kwargs: z.record(z.string(), z.unknown(), { error: 'expectation_config.kwargs must be an object' }),
  }),
  result: z.strictObject({
    observed_value: z.unknown().optional(),
    element_count: count('result.element_count').optional(),
    unexpected_count: count('result.unexpected_count').optional(),
    unexpected_percent: percent('result.unexpected_percent').optional(),
    partial_unexpected_list: z
      .array(z.unknown(), { error: 'result.partial_unexpected_list must be an array' })
      .max(MAX_UNEXPECTED_EXAMPLES)
      .optional(),
  }),
  exception_info: z
    .strictObject({ code: text('exception_info.code', 256), message: text('exception_info.message', 4_096) })
    .optional(),
  message: z.string({ error: 'message must be a string' }).max(4_096).optional(),
  meta: z
    .looseObject({
      contract: z.string().optional(),
      object: z.string().optional(),
      property: z.string().optional(),
      rule: z.string().optional(),
      model: z.string().optional(),
    })
    .optional(),
});

export const checkRunBody = z.strictObject({
  success: z.boolean({ error: 'success must be a boolean' }),
  kind: z.enum(['checkpoint', 'dbt-check'], { error: 'kind must be "checkpoint" or "dbt-check"' }),
  run_id: z.uuid({ error: 'run_id must be a UUID' }),
  started_at: time('started_at'),
  finished_at: time('finished_at'),
  contract: z.strictObject({ id: text('contract.id', 256), version: text('contract.version', 64) }).optional(),
  source: z.strictObject({
    type: z.enum(['postgres', 'csv', 'jsonl', 'parquet', 'dbt-manifest'], {
      error: 'source.type must be one of postgres, csv, jsonl, parquet, dbt-manifest',
    }),
    name: text('source.name', 1_024),
  }),
  statistics: z.strictObject({
    evaluated_expectations: count('statistics.evaluated_expectations'),
    successful_expectations: count('statistics.successful_expectations'),
    unsuccessful_expectations: count('statistics.unsuccessful_expectations'),
    success_percent: percent('statistics.success_percent'),
  }),
  results: z.array(checkResultBody, { error: 'results must be an array' }).max(MAX_CHECK_RESULTS),
});

export type CheckRunDocument = z.output<typeof checkRunBody>;
export type CheckResult = CheckRunDocument['results'][number];

/** `postgres://user:secret@host/db` and the like: a source name must never carry a password. */
const CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i;

/** Reads a POST /checks body: bounds first (1000 results, 20 examples each), then the shape. */
export function readCheckRun(body: unknown): CheckRunDocument {
  checkBounds(body);
  const run = parseRequest(checkRunBody, body, (issue) => CheckRunErrors.invalidCheckRun(describeIssue(issue)));
  if (CREDENTIALS.test(run.source.name)) {
    throw CheckRunErrors.invalidCheckRun(
      'source.name carries credentials (user:password@); send the name without them',
    );
  }
  if (Date.parse(run.finished_at) < Date.parse(run.started_at)) {
    throw CheckRunErrors.invalidCheckRun('finished_at is before started_at');
  }
  return run;
}

function checkBounds(body: unknown): void {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return;
  if (results.length > MAX_CHECK_RESULTS) {
    throw CheckRunErrors.tooManyResults(
      `${results.length} results; a run carries at most ${MAX_CHECK_RESULTS} (split it, or keep the failing ones)`,
    );
  }
  results.forEach((result, index) => {
    const examples = (result as { result?: { partial_unexpected_list?: unknown } } | null)?.result
      ?.partial_unexpected_list;
    if (Array.isArray(examples) && examples.length > MAX_UNEXPECTED_EXAMPLES) {
      throw CheckRunErrors.tooManyResults(
        `results[${index}].result.partial_unexpected_list has ${examples.length} examples; at most ${MAX_UNEXPECTED_EXAMPLES}`,
      );
    }
  });
}

/** `results[3].severity: severity must be "error" or "warning"`; the whole body when the problem is at its root. */
export function describeIssue(issue: RequestIssue): string {
  const path = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('');
  if (issue.code === 'unrecognized_keys') {
    const where = path === '' ? 'the body' : path;
    return `${where} has unknown field(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  }
  if (path === '') return issue.code === 'invalid_type' ? 'the body must be a JSON object' : issue.message;
  return `${path}: ${issue.message}`;
}
