import type { PromotionRegistry } from './promotion-registry';
import type { PromotionState, PromotionStateStore } from './promotion-state';
import {
  type ContractStep,
  type PromotionPlan,
  type PromotionStep,
  type SchemaStep,
  versionKey,
} from './promotion-types';

export interface AppliedStep {
  /** The step's index in the plan. */
  index: number;
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
  /** How many writes may be in flight at once (steps of different subjects, never a step before what it needs). */
  concurrency?: number;
  /** Called after each step (progress output, tests that stop the target half way). */
  onStep?: (applied: AppliedStep, index: number) => void | Promise<void>;
}

/** The default number of writes in flight: enough to hide the target's commit latency, few enough to be gentle. */
export const DEFAULT_PROMOTION_CONCURRENCY = 8;

/**
 * Applies the steps, each once everything it needs is applied (the subject's previous version, the versions it
 * references; contracts after every schema), several subjects at a time, and stops starting steps at the first the
 * target refuses. References are rewritten to the versions their targets hold there. With `preserveIds`, each
 * subject is switched to IMPORT mode before its first write (the previous mode recorded in the state first) and every
 * recorded mode is restored at the end, failure or not. A registry that stops answering throws (`unreachable`) once
 * the writes in flight have settled; the recorded modes are restored by the next run.
 */
export async function applyPromotionPlan(options: ApplyPromotionPlanOptions): Promise<AppliedStep[]> {
  const { plan, target, preserveIds, state, store } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_PROMOTION_CONCURRENCY);
  const versionMap = new Map(Object.entries(plan.versionMap));
  const needs = dependenciesOf(plan.steps);
  const results = new Map<number, AppliedStep>();
  const started = new Set<number>();
  const running = new Map<number, Promise<void>>();
  let stopped = false;
  let thrown: unknown;

  const run = async (index: number) => {
    const step = plan.steps[index]!;
    try {
      const result = step.kind === 'schema' ? await applySchemaStep(index, step) : await applyContractStep(index, step);
      results.set(index, result);
      if (result.outcome === 'failed') stopped = true;
      await options.onStep?.(result, index);
    } catch (error) {
      stopped = true;
      thrown ??= error;
    }
  };

  while (!stopped) {
    for (const [index] of plan.steps.entries()) {
      if (running.size >= concurrency || stopped) break;
      if (started.has(index)) continue;
      if (
        ![...needs[index]!].every(
          (needed) => results.get(needed)?.outcome === 'written' || results.get(needed)?.outcome === 'existing',
        )
      )
        continue;
      started.add(index);
      running.set(
        index,
        run(index).finally(() => running.delete(index)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  await Promise.all(running.values());
  if (thrown !== undefined) throw thrown;
  await restoreModes({ target, state, store });
  return [...results.values()].sort((a, b) => a.index - b.index);

  async function applySchemaStep(index: number, step: SchemaStep): Promise<AppliedStep> {
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
    if (answer.status !== 200) return { index, step, outcome: 'failed', error: errorOf(answer) };
    versionMap.set(versionKey(step.subject, step.version), answer.body.version!);
    return { index, step, outcome: 'written', id: answer.body.id, version: answer.body.version };
  }

  async function applyContractStep(index: number, step: ContractStep): Promise<AppliedStep> {
    const answer = await target.putContract(step.contract, step.document);
    if (answer.status === 201) return { index, step, outcome: 'written' };
    if (answer.status === 200) return { index, step, outcome: 'existing' };
    return { index, step, outcome: 'failed', error: errorOf(answer) };
  }
}

/**
 * For each step, the indexes of the steps it waits for: a schema version waits for the subject's previous step and
 * the versions it references; a contract version waits for every schema step and the contract steps before it.
 */
function dependenciesOf(steps: readonly PromotionStep[]): Array<Set<number>> {
  const bySchemaKey = new Map<string, number>();
  const lastOfSubject = new Map<string, number>();
  const schemaIndexes: number[] = [];
  const contractIndexes: number[] = [];
  return steps.map((step, index) => {
    const needs = new Set<number>();
    if (step.kind === 'schema') {
      const previous = lastOfSubject.get(step.subject);
      if (previous !== undefined) needs.add(previous);
      for (const reference of step.references) {
        const referenced = bySchemaKey.get(versionKey(reference.subject, reference.version));
        if (referenced !== undefined) needs.add(referenced);
      }
      lastOfSubject.set(step.subject, index);
      bySchemaKey.set(versionKey(step.subject, step.version), index);
      schemaIndexes.push(index);
    } else {
      for (const needed of [...schemaIndexes, ...contractIndexes]) needs.add(needed);
      contractIndexes.push(index);
    }
    return needs;
  });
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
