import type { PromotionRegistry } from './promotion-registry';
import type { PromotionState, PromotionStateStore } from './promotion-state';
import { type PromotionPlan, type PromotionStep, versionKey } from './promotion-types';

export interface AppliedStep {
  step: PromotionStep;
  /** `written`: new on the target; `existing`: the target already held it (a resumed write that had landed). */
  outcome: 'written' | 'existing' | 'failed';
  /** Where a schema step landed on the target. */
  id?: number;
  version?: number;
  error?: { status: number; errorCode?: number; message: string };
}

export interface ApplyPromotionPlanOptions {
  plan: PromotionPlan;
  target: PromotionRegistry;
  preserveIds: boolean;
  state: PromotionState;
  store: PromotionStateStore;
  /** Called after each step (progress output, tests that stop the target half way). */
  onStep?: (applied: AppliedStep, index: number) => void | Promise<void>;
}

/**
 * Applies the steps in order and stops at the first the target refuses. References are rewritten to the versions
 * their targets hold there. With `preserveIds`, each subject is switched to IMPORT mode before its first write
 * (the previous mode recorded in the state first) and every recorded mode is restored at the end, failure or not.
 * A registry that stops answering throws (`unreachable`); the recorded modes are restored by the next run.
 */
export async function applyPromotionPlan(options: ApplyPromotionPlanOptions): Promise<AppliedStep[]> {
  const { plan, target, preserveIds, state, store } = options;
  const versionMap = new Map(Object.entries(plan.versionMap));
  const applied: AppliedStep[] = [];
  for (const [index, step] of plan.steps.entries()) {
    const result = step.kind === 'schema' ? await applySchemaStep() : await applyContractStep();
    applied.push(result);
    await options.onStep?.(result, index);
    if (result.outcome === 'failed') break;

    async function applySchemaStep(): Promise<AppliedStep> {
      if (step.kind !== 'schema') throw new Error('not a schema step');
      if (preserveIds && !(step.subject in state.importModes)) {
        state.importModes[step.subject] = await target.ownMode(step.subject);
        store.write(state);
        await target.setMode(step.subject, 'IMPORT');
      }
      const references = step.references.map((reference) => ({
        ...reference,
        version: versionMap.get(versionKey(reference.subject, reference.version)) ?? reference.version,
      }));
      const answer = await target.register(step.subject, {
        schema: step.schema,
        schemaType: step.schemaType,
        references,
        ...(preserveIds ? { id: step.id, version: step.version } : {}),
      });
      if (answer.status !== 200) return { step, outcome: 'failed', error: errorOf(answer) };
      versionMap.set(versionKey(step.subject, step.version), answer.body.version!);
      return { step, outcome: 'written', id: answer.body.id, version: answer.body.version };
    }

    async function applyContractStep(): Promise<AppliedStep> {
      if (step.kind !== 'contract') throw new Error('not a contract step');
      const answer = await target.putContract(step.contract, step.document);
      if (answer.status === 201) return { step, outcome: 'written' };
      if (answer.status === 200) return { step, outcome: 'existing' };
      return { step, outcome: 'failed', error: errorOf(answer) };
    }
  }
  await restoreModes({ target, state, store });
  return applied;
}

/** Puts back every mode a promotion changed on the target, forgetting each as soon as it is restored. */
export async function restoreModes(options: {
  target: PromotionRegistry;
  state: PromotionState;
  store: PromotionStateStore;
}): Promise<void> {
  const { target, state, store } = options;
  for (const [subject, mode] of Object.entries(state.importModes)) {
    await target.setMode(subject, mode);
    delete state.importModes[subject];
    store.write(state);
  }
}

function errorOf(answer: { status: number; body: { error_code?: number; message?: string } }) {
  return {
    status: answer.status,
    errorCode: answer.body.error_code,
    message: answer.body.message ?? `HTTP ${answer.status}`,
  };
}
