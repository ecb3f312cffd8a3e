import { createHash } from 'node:crypto';

/** The most steps one promotion approval may carry. */
export const MAX_PROMOTION_STEPS = 10_000;

/** A promotion id (the `X-Charter-Promotion` header and `promotion.id`): a UUID, compared in lower case. */
export const PROMOTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One thing a promotion puts on the target: a subject version (ids kept where IMPORT allows) or a contract version. */
export type PromotionStep =
  | { kind: 'schema'; subject: string; version: number; id: number; fingerprint: string }
  | { kind: 'contract'; contract: string; version: string };

/** A promotion plan as `charter promote` submits it to the target registry for approval. */
export interface PromotionPlan {
  id: string;
  from: string;
  to: string;
  /** `sha256:<hex>` over the plan, computed by the client: the plan approved is the plan applied. */
  digest: string;
  steps: PromotionStep[];
}

/** What lists and webhooks carry of a promotion: everything but its steps. */
export interface PromotionSummary {
  id: string;
  from: string;
  to: string;
  digest: string;
  stepCount: number;
}

export function summarizePromotion(plan: PromotionPlan): PromotionSummary {
  return { id: plan.id, from: plan.from, to: plan.to, digest: plan.digest, stepCount: plan.steps.length };
}

/** The subjects a plan writes, each once, in the order of their first step. */
export function promotedSubjects(steps: readonly PromotionStep[]): string[] {
  return [...new Set(steps.flatMap((step) => (step.kind === 'schema' ? [step.subject] : [])))];
}

/**
 * The digest a plan must carry: `sha256:` and the hex SHA-256 of the UTF-8 JSON text of `{ from, to, steps }`, each
 * step with exactly its fields in the order `kind, subject, version, id, fingerprint` (schema) or
 * `kind, contract, version` (contract), steps in plan order, no whitespace. Checked on request, so the digest an
 * approver sees names exactly the steps approved.
 */
export function digestPromotion(plan: Pick<PromotionPlan, 'from' | 'to' | 'steps'>): string {
  const steps = plan.steps.map((step) =>
    step.kind === 'schema'
      ? { kind: step.kind, subject: step.subject, version: step.version, id: step.id, fingerprint: step.fingerprint }
      : { kind: step.kind, contract: step.contract, version: step.version },
  );
  const text = JSON.stringify({ from: plan.from, to: plan.to, steps });
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
