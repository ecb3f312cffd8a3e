import type { PromotionPlan } from './promotion-types';

export interface StepImpact {
  subject: string;
  version: number;
  changes: Array<{ field: string; change: string }>;
  severity?: string;
  verdict?: string;
  reasons?: string[];
  /** The lineage service's refusal of the question, when it refused it. */
  error?: string;
}

/** What the target environment's lineage says about the plan's breaking changes; never silently "no impact". */
export interface PromotionImpact {
  assessed: boolean;
  /** Why it was not assessed. */
  reason?: string;
  steps: StepImpact[];
}

/**
 * Asks the target environment's lineage service (`POST /impact` by subject) about every step that breaks readers.
 * Informational: the compatibility level is the gate; the impact is shown with the plan and goes into the approval
 * request's reason, where the approvers read it.
 */
export async function assessPromotionImpact(options: {
  plan: PromotionPlan;
  environment: string;
  lineageUrl?: string;
  authorization: string;
}): Promise<PromotionImpact> {
  const { plan, lineageUrl } = options;
  if (lineageUrl === undefined) {
    return { assessed: false, reason: `env.yaml gives ${options.environment} no lineageUrl`, steps: [] };
  }
  const steps: StepImpact[] = [];
  for (const step of plan.steps) {
    if (step.kind !== 'schema' || !step.breakingChanges || step.breakingChanges.length === 0) continue;
    const asked: StepImpact = { subject: step.subject, version: step.version, changes: step.breakingChanges };
    let response: Response;
    try {
      response = await fetch(`${lineageUrl.replace(/\/+$/, '')}/impact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: options.authorization },
        body: JSON.stringify({ subject: step.subject, changes: step.breakingChanges.slice(0, 1_000) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return {
        assessed: false,
        reason: `the ${options.environment} lineage service at ${lineageUrl} did not answer`,
        steps,
      };
    }
    const body = (await response.json().catch(() => ({}))) as {
      severity?: string;
      verdict?: string;
      reasons?: string[];
      message?: string;
    };
    if (response.ok) steps.push({ ...asked, severity: body.severity, verdict: body.verdict, reasons: body.reasons });
    else steps.push({ ...asked, error: `${response.status} ${body.message ?? ''}`.trim() });
  }
  return { assessed: true, steps };
}

/** One line per assessed step, for the report and the approval's reason. */
export function describeImpact(impact: PromotionImpact): string[] {
  if (!impact.assessed) return [`impact not assessed: ${impact.reason}`];
  if (impact.steps.length === 0) return ['impact: no step breaks readers'];
  return impact.steps.map(
    (step) =>
      `impact of ${step.subject} v${step.version} (${step.changes.map((change) => `${change.change} ${change.field}`).join(', ')}): ${
        step.error
          ? `not assessed (${step.error})`
          : `${step.severity} ${step.verdict}${step.reasons?.length ? ` — ${step.reasons.join('; ')}` : ''}`
      }`,
  );
}
