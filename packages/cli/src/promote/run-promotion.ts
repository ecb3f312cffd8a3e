import { randomUUID } from 'node:crypto';
import {
  type AppliedStep,
  applyPromotionPlan,
  type DEFAULT_PROMOTION_CONCURRENCY,
  restoreModes,
} from './apply-promotion-plan';
import { assessPromotionImpact, describeImpact, type PromotionImpact } from './assess-promotion-impact';
import { endpointOf, loadEnvironments, resolveRoute } from './load-promotion-route';
import { digestPlan, planPromotion, stepIdentity } from './plan-promotion';
import { PromotionError } from './promotion-error';
import { type ApprovalView, PromotionRegistry } from './promotion-registry';
import { type PromotionState, PromotionStateStore } from './promotion-state';
import type { PromotionPlan, PromotionSelection } from './promotion-types';

const PROMOTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunPromotionOptions {
  /** env.yaml's path. */
  environmentsFile: string;
  from: string;
  to: string;
  selection: PromotionSelection;
  dryRun: boolean;
  /** Continue this promotion (found by id on the target's approvals, or in the local state). */
  resume?: string;
  /** Where the state lives (`.charter/promotions`). */
  stateDir: string;
  /** The variables holding the keys env.yaml names. */
  variables: Record<string, string | undefined>;
  /** Writes in flight at once (default {@link DEFAULT_PROMOTION_CONCURRENCY}). */
  concurrency?: number;
  /** Called after each applied step. */
  onStep?: (applied: AppliedStep, index: number) => void | Promise<void>;
}

export type PromotionStatus = 'done' | 'nothing-to-do' | 'dry-run' | 'waiting-for-approval' | 'refused';

export interface PromotionOutcome {
  status: PromotionStatus;
  promotionId: string;
  from: string;
  to: string;
  plan: PromotionPlan;
  digest: string;
  /** What the target's lineage service says of the plan's breaking changes. */
  impact: PromotionImpact;
  applied: AppliedStep[];
  approval?: { id: string; state: string; decidedBy?: string | null };
  /** Why it was refused, when it was. */
  reason?: string;
}

/**
 * `charter promote`: plans what the target lacks against both registries as they are now, refuses a plan with a
 * refusal (nothing written), submits it for approval when the target requires one (and applies it once approved,
 * only if it is still within the approved steps), and applies it otherwise. The promotion id is kept in the state
 * until the promotion is done, so a resumed run writes under the same id.
 */
export async function runPromotion(options: RunPromotionOptions): Promise<PromotionOutcome> {
  if (options.resume !== undefined && !PROMOTION_ID.test(options.resume)) {
    throw new PromotionError('usage', `--resume takes a promotion id (a UUID), not "${options.resume}"`);
  }
  const route = resolveRoute(loadEnvironments(options.environmentsFile), options.from, options.to);
  const sourceEndpoint = endpointOf(route.from, options.variables);
  const targetEndpoint = endpointOf(route.to, options.variables);
  const store = new PromotionStateStore(options.stateDir);
  const previous = store.read(route.from.name, route.to.name);
  if (options.resume !== undefined && previous?.id !== options.resume) {
    await adoptPromotion(options.resume, new PromotionRegistry(targetEndpoint), options, store);
  }
  const kept = store.read(route.from.name, route.to.name);
  const sameSelection = kept && JSON.stringify(kept.selection) === JSON.stringify(options.selection);
  const state: PromotionState =
    kept && (sameSelection || options.resume !== undefined)
      ? kept
      : {
          id: randomUUID(),
          from: route.from.name,
          to: route.to.name,
          selection: options.selection,
          startedAt: new Date().toISOString(),
          importModes: kept?.importModes ?? {},
        };
  const source = new PromotionRegistry(sourceEndpoint);
  const target = new PromotionRegistry(targetEndpoint, state.id);
  const [sourceSnapshot, targetSnapshot] = await Promise.all([
    source.readSnapshot({ contractDocuments: true }),
    target.readSnapshot({ contractDocuments: false }),
  ]);
  const plan = planPromotion({
    source: sourceSnapshot,
    target: targetSnapshot,
    selection: state.selection,
    policy: { preserveIds: route.to.preserveIds, compatibility: route.to.compatibility },
  });
  const digest = digestPlan(route.from.name, route.to.name, plan.steps);
  const impact = await assessPromotionImpact({
    plan,
    environment: route.to.name,
    lineageUrl: route.to.lineageUrl,
    authorization: targetEndpoint.authorization,
  });
  const outcome = (status: PromotionStatus, extra: Partial<PromotionOutcome> = {}): PromotionOutcome => ({
    status,
    promotionId: state.id,
    from: route.from.name,
    to: route.to.name,
    plan,
    digest,
    impact,
    applied: [],
    ...extra,
  });
  if (options.dryRun) return outcome('dry-run');
  if (plan.refusals.length > 0) {
    return outcome('refused', { reason: `the plan has ${plan.refusals.length} refusal(s); nothing was written` });
  }
  if (plan.steps.length === 0) {
    if (Object.keys(state.importModes).length > 0) await restoreModes({ target, state, store });
    store.clear(route.from.name, route.to.name);
    return outcome('nothing-to-do');
  }

  let approval: ApprovalView | undefined;
  if (route.to.requiresApproval) {
    approval = state.approvalId === undefined ? undefined : await target.approval(state.approvalId);
    if (!approval) {
      const answer = await target.requestApproval({
        promotion: {
          id: state.id,
          from: route.from.name,
          to: route.to.name,
          digest,
          steps: plan.steps.map(stepIdentity),
        },
        reason: [
          `charter promote ${route.from.name} → ${route.to.name}: ${describeSteps(plan)}`,
          ...describeImpact(impact),
        ]
          .join('\n')
          .slice(0, 2_000),
      });
      if (answer.status !== 201 && answer.status !== 200) {
        throw new PromotionError(
          'refused',
          `the ${route.to.name} registry refused the promotion approval request: ${answer.body.error_code ?? answer.status} ${answer.body.message ?? ''}`.trim(),
        );
      }
      store.write({ ...state, approvalId: answer.body.id, digest });
      return outcome('waiting-for-approval', { approval: { id: answer.body.id, state: answer.body.state } });
    }
    const seen = { id: approval.id, state: approval.state, decidedBy: approval.decidedBy };
    if (approval.state === 'requested') return outcome('waiting-for-approval', { approval: seen });
    if (approval.state !== 'approved') {
      store.clear(route.from.name, route.to.name);
      return outcome('refused', {
        approval: seen,
        reason: `approval ${approval.id} was ${approval.state}${approval.decisionNote ? `: ${approval.decisionNote}` : ''}; run again to request a new one`,
      });
    }
    const approved = new Set((approval.promotion?.steps ?? []).map((step) => JSON.stringify(canonical(step))));
    const outside = plan.steps.filter((step) => !approved.has(JSON.stringify(canonical(stepIdentity(step)))));
    if (outside.length > 0 || approval.promotion?.id !== state.id) {
      store.write({ ...state, approvalId: undefined, digest: undefined });
      return outcome('refused', {
        approval: seen,
        reason: `the plan changed since approval ${approval.id} was requested (${outside.length} step(s) it does not cover); run again to request approval of the new plan`,
      });
    }
  }

  store.write(state);
  const applied = await applyPromotionPlan({
    plan,
    target,
    preserveIds: route.to.preserveIds,
    state,
    store,
    concurrency: options.concurrency,
    onStep: options.onStep,
  });
  const failure = applied.find((step) => step.outcome === 'failed');
  const approvalSeen = approval && { id: approval.id, state: approval.state, decidedBy: approval.decidedBy };
  if (failure) {
    return outcome('refused', {
      applied,
      approval: approvalSeen,
      reason: `the ${route.to.name} registry refused a step: ${failure.error?.errorCode ?? failure.error?.status} ${failure.error?.message}`,
    });
  }
  store.clear(route.from.name, route.to.name);
  return outcome('done', { applied, approval: approvalSeen });
}

/** `--resume <id>` on a machine without the state: find the promotion's approval on the target and take it up. */
async function adoptPromotion(
  promotionId: string,
  target: PromotionRegistry,
  options: RunPromotionOptions,
  store: PromotionStateStore,
): Promise<void> {
  const [approval] = await target.promotionApprovals(promotionId);
  if (!approval?.promotion) {
    throw new PromotionError(
      'usage',
      `no promotion ${promotionId} to resume: it is neither in ${options.stateDir} nor awaiting approval on ${options.to}`,
    );
  }
  store.write({
    id: promotionId,
    from: approval.promotion.from,
    to: approval.promotion.to,
    selection: options.selection,
    startedAt: approval.createdAt,
    approvalId: approval.id,
    digest: approval.promotion.digest,
    importModes: {},
  });
}

function canonical(step: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(step).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describeSteps(plan: PromotionPlan): string {
  const schemas = plan.steps.filter((step) => step.kind === 'schema').length;
  const contracts = plan.steps.length - schemas;
  return `${schemas} schema version(s), ${contracts} contract version(s)`;
}
