import { describeImpact } from './assess-promotion-impact';
import type { PromotionOutcome } from './run-promotion';

/** The human report of `charter promote` (stderr). */
export function formatPromotion(outcome: PromotionOutcome): string {
  const { plan } = outcome;
  const lines = [`Promotion ${outcome.promotionId}: ${outcome.from} → ${outcome.to}`];
  const appliedByIndex = new Map(outcome.applied.map((applied) => [applied.index, applied]));
  if (plan.steps.length === 0)
    lines.push(`  nothing missing on ${outcome.to} (${plan.present} version(s) already there)`);
  else
    lines.push(`  plan (${plan.steps.length} step(s), ${plan.present} version(s) already there, ${outcome.digest}):`);
  plan.steps.forEach((step, index) => {
    const applied = appliedByIndex.get(index);
    const mark =
      applied === undefined
        ? 'plan   '
        : applied.outcome === 'failed'
          ? 'FAILED '
          : applied.outcome === 'existing'
            ? 'there  '
            : 'written';
    const what =
      step.kind === 'schema'
        ? `schema   ${step.subject} v${step.version} (id ${step.id})${
            step.references.length > 0
              ? ` → refs ${step.references.map((reference) => `${reference.subject} v${reference.version}`).join(', ')}`
              : ''
          }${applied?.version !== undefined ? `  as v${applied.version}, id ${applied.id}` : ''}`
        : `contract ${step.contract} ${step.version}`;
    lines.push(
      `  ${mark} ${what}${applied?.error ? `: ${applied.error.errorCode ?? applied.error.status} ${applied.error.message}` : ''}`,
    );
  });
  for (const skipped of plan.skipped)
    lines.push(`  skip    contract ${skipped.contract} ${skipped.version}: ${skipped.reason}`);
  if (plan.steps.length > 0) lines.push(...describeImpact(outcome.impact).map((line) => `  ${line}`));
  for (const refusal of plan.refusals) lines.push(`  REFUSED ${refusal.code}: ${refusal.message}`);
  switch (outcome.status) {
    case 'done':
      lines.push(`done: ${outcome.applied.length} step(s) applied on ${outcome.to}`);
      break;
    case 'nothing-to-do':
      lines.push('done: nothing to do');
      break;
    case 'dry-run':
      lines.push('dry run: nothing written');
      break;
    case 'waiting-for-approval':
      lines.push(
        `waiting for approval ${outcome.approval?.id} on ${outcome.to}; run the same command (or --resume ${outcome.promotionId}) once it is approved`,
      );
      break;
    case 'refused':
      lines.push(`refused: ${outcome.reason}`);
      break;
  }
  return lines.join('\n');
}

/** The JSON report (stdout): the outcome without schema texts and contract documents. */
export function promotionJson(outcome: PromotionOutcome): Record<string, unknown> {
  const strip = (step: PromotionOutcome['plan']['steps'][number]) =>
    step.kind === 'schema'
      ? {
          kind: step.kind,
          subject: step.subject,
          version: step.version,
          id: step.id,
          fingerprint: step.fingerprint,
          references: step.references,
        }
      : { kind: step.kind, contract: step.contract, version: step.version };
  return {
    status: outcome.status,
    promotionId: outcome.promotionId,
    from: outcome.from,
    to: outcome.to,
    digest: outcome.digest,
    present: outcome.plan.present,
    steps: outcome.plan.steps.map(strip),
    refusals: outcome.plan.refusals,
    skipped: outcome.plan.skipped,
    impact: outcome.impact,
    applied: outcome.applied.map(({ step, index: _index, ...rest }) => ({ ...strip(step), ...rest })),
    ...(outcome.approval ? { approval: outcome.approval } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}
