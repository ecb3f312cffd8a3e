import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from './duration';

/** The five stages, in the order every runbook walks them. */
export const STAGES = ['detect', 'assess', 'contain', 'recover', 'post-mortem'] as const;
export type StageName = (typeof STAGES)[number];

/** Who owns a step. */
export const ROLES = ['incident-commander', 'scribe', 'subject-expert'] as const;
export type RoleName = (typeof ROLES)[number];

export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
export type SeverityLevel = (typeof SEVERITIES)[number];

/** Lineage's verdicts on a change (`@charter/lineage-core`'s severity policy). */
export const VERDICTS = ['block', 'needs-approval', 'warn', 'allow'] as const;

const name = z
  .string({ error: 'must be a string' })
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, { error: 'must be a lowercase name (a-z, 0-9, . and -)' });

const duration = z
  .string({ error: 'must be a duration such as 500ms, 30s, 2m or 1h' })
  .regex(DURATION_PATTERN, { error: 'must be a duration such as 500ms, 30s, 2m or 1h' })
  .transform((text) => parseDuration(text)!);

const FAILURE_POLICIES = ['escalate', 'continue', 'abort'] as const;
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

const onFailure = z.union(
  [
    z.enum(FAILURE_POLICIES).transform((after) => ({ retries: 0, backoffMs: 0, after })),
    z
      .strictObject({
        retry: z.int({ error: 'retry must be a whole number from 1 to 10' }).min(1).max(10),
        backoff: duration.default(1_000),
        after: z.enum(FAILURE_POLICIES).default('escalate'),
      })
      .transform(({ retry, backoff, after }) => ({ retries: retry, backoffMs: backoff, after })),
  ],
  { error: 'must be escalate, continue, abort or { retry: N, backoff: <duration>, after: escalate|continue|abort }' },
);

/** What a step does when it fails: retry N times with exponential backoff, then escalate, continue or abort. */
export interface FailureHandling {
  retries: number;
  backoffMs: number;
  after: FailurePolicy;
}

const criterion = z.strictObject({
  description: z.string({ error: 'must be a string' }).min(1),
  /** A `${...}` reference that must be set (truthy) for the criterion to hold; without it the criterion is prose. */
  expect: z.string({ error: 'must be a ${...} reference' }).optional(),
});

const notify = z.array(name, { error: 'must be a list of channel names' }).default([]);

const step = z.strictObject({
  id: name,
  kind: z.enum(['action', 'human'], { error: 'must be action or human' }).default('action'),
  action: name.optional(),
  with: z.record(z.string(), z.unknown(), { error: 'must be a map of parameters' }).default({}),
  /** A human step: what the owner is asked to acknowledge. */
  prompt: z.string().min(1).optional(),
  timeout: duration.optional(),
  onFailure: onFailure.optional(),
  owner: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  notify,
});

const stage = z.strictObject({
  name: z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` }),
  entry: z.array(criterion).default([]),
  exit: z.array(criterion).default([]),
  notify,
  steps: z.array(step).min(1, { error: 'a stage has at least one step' }),
});

const severityRule = z.strictObject({
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  when: z.strictObject({
    verdict: z.array(z.enum(VERDICTS, { error: `must be one of ${VERDICTS.join(', ')}` })).optional(),
    tier: z.array(z.string().min(1)).optional(),
  }),
});

export const runbookSchema = z.strictObject({
  apiVersion: z.literal('charter.dev/runbook/v1', { error: 'must be charter.dev/runbook/v1' }),
  kind: z.literal('Runbook', { error: 'must be Runbook' }),
  metadata: z.strictObject({ name, title: z.string().min(1), description: z.string().optional() }),
  roles: z.partialRecord(z.enum(ROLES), z.string().min(1), { error: 'must map each role to what it does' }),
  defaults: z
    .strictObject({
      timeout: duration.default(30_000),
      onFailure: onFailure.default({ retries: 0, backoffMs: 0, after: 'escalate' }),
    })
    .default({ timeout: 30_000, onFailure: { retries: 0, backoffMs: 0, after: 'escalate' } }),
  severity: z.strictObject({
    rules: z.array(severityRule),
    otherwise: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  }),
  stages: z.array(stage, { error: 'must be the list of the five stages' }),
  /** Steps run when a run does not complete (aborted, escalated): unlock, close the incident as aborted. */
  cleanup: z.array(step).default([]),
});

export type RunbookDocument = z.output<typeof runbookSchema>;
export type StepDocument = z.output<typeof step>;
export type StageDocument = z.output<typeof stage>;
export type Criterion = z.output<typeof criterion>;
export type SeverityPolicy = RunbookDocument['severity'];

/** A step ready to run: the runbook's defaults applied, its line in the file kept for messages. */
export interface Step extends Omit<StepDocument, 'timeout' | 'onFailure'> {
  timeoutMs: number;
  onFailure: FailureHandling;
  line?: number;
}

export interface Stage extends Omit<StageDocument, 'steps'> {
  steps: Step[];
}

/** A validated runbook. */
export interface Runbook extends Omit<RunbookDocument, 'stages' | 'cleanup' | 'defaults'> {
  stages: Stage[];
  cleanup: Step[];
}
