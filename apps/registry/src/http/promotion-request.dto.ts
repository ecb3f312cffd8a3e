import { addIssue, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { GovernanceErrors } from '../errors/governance.errors';
import { SEMVER } from '../governance/contracts.service';
import { MAX_PROMOTION_STEPS, PROMOTION_ID, type PromotionPlan } from '../governance/promotion';
import { assertValidSubject } from '../registry/subject-name';

const MAX_INT = 2_147_483_647;
/** As `contracts/env.yaml` names environments. */
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,62}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTRACT_ID = /^[^\u0000-\u001f\u007f-\u009f/]{1,256}$/;

const environment = (name: string) =>
  z
    .string({ error: `promotion.${name} must be an environment name` })
    .regex(ENVIRONMENT, { error: `promotion.${name} must be an environment name (a-z, 0-9, -; up to 63)` });

const subjectName = z.string({ error: 'subject must be a string' }).check((payload) => {
  try {
    assertValidSubject(payload.value);
  } catch (error) {
    addIssue(payload, [], `subject: ${(error as Error).message}`);
  }
});

const positive = (name: string) =>
  z
    .int({ error: `${name} must be an integer from 1 to ${MAX_INT}` })
    .min(1)
    .max(MAX_INT, {
      error: `${name} must be an integer from 1 to ${MAX_INT}`,
    });

const schemaStep = z.strictObject({
  kind: z.literal('schema'),
  subject: subjectName,
  version: positive('version'),
  id: positive('id'),
  fingerprint: z
    .string({ error: 'fingerprint must be a string' })
    .regex(/^[0-9a-f]{64}$/, { error: 'fingerprint must be 64 lower-case hex digits (the schema fingerprint)' }),
});

const contractStep = z.strictObject({
  kind: z.literal('contract'),
  contract: z
    .string({ error: 'contract must be a string' })
    .regex(CONTRACT_ID, { error: 'contract must be a contract id (1 to 256 characters, no control characters or /)' }),
  version: z
    .string({ error: 'version must be a string' })
    .regex(SEMVER, { error: 'version must be a semantic version (MAJOR.MINOR.PATCH)' }),
});

const step = z.discriminatedUnion('kind', [schemaStep, contractStep], {
  error: 'kind must be "schema" or "contract"',
});

/** `promotion` of POST /approvals: the plan `charter promote` asks the target to approve. */
export const promotionPlanBody = z
  .strictObject(
    {
      id: z
        .string({ error: 'promotion.id must be a UUID' })
        .regex(PROMOTION_ID, { error: 'promotion.id must be a UUID' })
        .transform((id) => id.toLowerCase()),
      from: environment('from'),
      to: environment('to'),
      digest: z
        .string({ error: 'promotion.digest must be a string' })
        .regex(/^sha256:[0-9a-f]{64}$/, { error: 'promotion.digest must be sha256: and 64 lower-case hex digits' }),
      steps: z
        .array(step, { error: 'promotion.steps must be an array of steps' })
        .min(1, { error: 'promotion.steps must hold at least one step' })
        .max(MAX_PROMOTION_STEPS, { error: `promotion.steps must hold at most ${MAX_PROMOTION_STEPS} steps` }),
    },
    { error: 'promotion must be an object: { "id", "from", "to", "digest", "steps" }' },
  )
  .check((payload) => {
    if (payload.issues.length > 0) return;
    const plan = payload.value;
    if (plan.from === plan.to) addIssue(payload, ['to'], 'promotion.to must differ from promotion.from');
    const seen = new Set<string>();
    plan.steps.forEach((item, index) => {
      const key =
        item.kind === 'schema'
          ? `schema ${item.subject} v${item.version}`
          : `contract ${item.contract} ${item.version}`;
      if (seen.has(key)) addIssue(payload, ['steps', index], `${key} appears twice in the plan`);
      seen.add(key);
    });
  });

/** The plan as the service takes it (steps in the order given: the order they are applied in). */
export function toPromotionPlan(plan: z.output<typeof promotionPlanBody>): PromotionPlan {
  return plan;
}

/** A problem in `promotion` (the issue's path starts there): 422 `invalid-promotion`, naming the field. */
export function promotionError(issue: RequestIssue): Error {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const where = path.replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return GovernanceErrors.invalidPromotion(
      where === ''
        ? `Invalid promotion approval request: unknown field(s) ${keys} (it carries "promotion", "reason" and "ttlMinutes"; no subject or schema)`
        : `Invalid promotion: ${where} has unknown field(s) ${keys}`,
      where,
    );
  }
  return GovernanceErrors.invalidPromotion(`Invalid promotion at ${where}: ${issue.message}`, where);
}
