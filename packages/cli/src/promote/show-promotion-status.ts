import { endpointOf, loadEnvironments } from './load-promotion-route';
import { PromotionError } from './promotion-error';
import { type ApprovalView, PromotionRegistry } from './promotion-registry';
import { PromotionStateStore } from './promotion-state';

export interface PromotionStatusOptions {
  environmentsFile: string;
  stateDir: string;
  to?: string;
  variables: Record<string, string | undefined>;
}

interface PromotionLine {
  promotionId: string;
  from: string;
  to: string;
  /** `in-progress` (local, no approval needed or not yet requested), or the approval's state. */
  state: string;
  approvalId?: string;
  steps?: number;
  /** Writes the target audited under the promotion id. */
  writes?: number;
  local: boolean;
}

/**
 * `charter promote status`: every promotion in progress here (`.charter/promotions`) and every promotion approval
 * on the targets that take approvals, with how many writes each target audited under the promotion's id. A target
 * that does not answer is reported as such; the others are still shown.
 */
export async function showPromotionStatus(
  options: PromotionStatusOptions,
): Promise<{ text: string; json: Record<string, unknown> }> {
  const environments = loadEnvironments(options.environmentsFile);
  if (options.to !== undefined && !environments.some((environment) => environment.name === options.to)) {
    throw new PromotionError('unknown-environment', `unknown environment "${options.to}"`);
  }
  const targets = environments.filter((environment) =>
    options.to === undefined
      ? environments.some((other) => other.promotesTo === environment.name)
      : environment.name === options.to,
  );
  const local = new PromotionStateStore(options.stateDir).list();
  const lines = new Map<string, PromotionLine>();
  for (const state of local) {
    if (!targets.some((target) => target.name === state.to)) continue;
    lines.set(state.id, {
      promotionId: state.id,
      from: state.from,
      to: state.to,
      state: state.approvalId ? 'requested' : 'in-progress',
      approvalId: state.approvalId,
      local: true,
    });
  }
  const problems: string[] = [];
  for (const environment of targets) {
    let registry: PromotionRegistry;
    try {
      registry = new PromotionRegistry(endpointOf(environment, options.variables));
    } catch (error) {
      problems.push(`${environment.name}: ${(error as Error).message}`);
      continue;
    }
    try {
      const approvals: ApprovalView[] = environment.requiresApproval ? await registry.promotionApprovals() : [];
      for (const approval of approvals) {
        if (!approval.promotion) continue;
        const line = lines.get(approval.promotion.id);
        lines.set(approval.promotion.id, {
          promotionId: approval.promotion.id,
          from: approval.promotion.from,
          to: approval.promotion.to,
          state: line?.state === 'in-progress' ? 'in-progress' : approval.state,
          approvalId: approval.id,
          steps: approval.promotion.stepCount,
          local: line?.local ?? false,
        });
      }
      for (const line of lines.values()) {
        if (line.to === environment.name) line.writes = (await registry.auditedWrites(line.promotionId)).length;
      }
    } catch (error) {
      if (!(error instanceof PromotionError)) throw error;
      problems.push(`${environment.name}: ${error.message}`);
    }
  }
  const list = [...lines.values()];
  const text = [
    list.length === 0 ? 'no promotions in progress or awaiting approval' : 'Promotions',
    ...list.map(
      (line) =>
        `  ${line.promotionId}  ${line.from} → ${line.to}  ${line.state.padEnd(11)}${
          line.approvalId ? `  approval ${line.approvalId}` : ''
        }${line.steps !== undefined ? `  ${line.steps} step(s)` : ''}${
          line.writes !== undefined ? `  ${line.writes} audited write(s)` : ''
        }${line.local ? '  (state here)' : ''}`,
    ),
    ...problems.map((problem) => `  could not ask ${problem}`),
  ].join('\n');
  return { text, json: { promotions: list, problems } };
}
