import type { Acknowledger, ActionContext, ActionRegistry, Notifier, RunNotice } from './action-registry';
import { findUnknownActions } from './load-runbook';
import { lookUp, type RunContext, resolveReferences } from './resolve-references';
import { RunbookError } from './runbook-problem';
import type { Criterion, Runbook, Stage, StageName, Step } from './runbook-schema';
import type { RunStatus, StageOutcome, StepOutcome, StepPlace, TimelineEntry } from './timeline';

export interface RunRunbookOptions {
  runbook: Runbook;
  actions: ActionRegistry;
  input?: Record<string, unknown>;
  /** Aborting it (Ctrl-C) stops the current step, skips the rest and runs the cleanup steps. */
  signal?: AbortSignal;
  /** Asked for each human step; without one, a human step fails. */
  acknowledge?: Acknowledger;
  /** Told of each notification the runbook asks for; a failure is recorded, never fatal. */
  notify?: Notifier;
  /** Each timeline entry as it happens (live progress). */
  onEntry?: (entry: TimelineEntry) => void;
  /** The clock (epoch milliseconds); default Date.now. */
  now?: () => number;
  /** The run's id (`${run.id}`; actions key idempotent requests by it); default a random UUID. */
  runId?: string;
}

export interface RunResult {
  status: RunStatus;
  timeline: TimelineEntry[];
  context: RunContext;
  /** Each stage's outcome; `not-entered` for stages after the one that stopped the run. */
  stages: Record<StageName, StageOutcome | 'not-entered'>;
}

/** Why a step ended early: the run was aborted, or the step's own time ran out. */
class StepTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'StepTimeout';
  }
}

interface StepResult {
  outcome: StepOutcome;
  handling?: 'escalate' | 'continue' | 'abort';
  error?: string;
}

/**
 * Runs a runbook: the five stages in order, each entered, its entry criteria checked, its steps run (timeouts, retries
 * with exponential backoff, escalate / continue / abort), its exit criteria checked, and left — every event on the
 * timeline. A run that does not complete runs the runbook's cleanup steps. Unknown actions are refused before
 * anything runs.
 */
export async function runRunbook(options: RunRunbookOptions): Promise<RunResult> {
  const { runbook, actions } = options;
  const unknown = findUnknownActions(runbook, Object.keys(actions));
  if (unknown.length > 0) throw new RunbookError(unknown);

  const now = options.now ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const timeline: TimelineEntry[] = [];
  const context: RunContext = {
    input: options.input ?? {},
    steps: {},
    run: { id: options.runId ?? crypto.randomUUID(), status: 'running', startedAt: new Date(now()).toISOString() },
  };
  const stages = Object.fromEntries(runbook.stages.map((stage) => [stage.name, 'not-entered'])) as RunResult['stages'];
  const stamp = () => {
    const atMs = now();
    return { at: new Date(atMs).toISOString(), atMs };
  };
  const record = (entry: TimelineEntry) => {
    timeline.push(entry);
    options.onEntry?.(entry);
  };
  const notify = async (channels: string[], notice: Omit<RunNotice, 'channel' | 'run' | 'runbook'>) => {
    for (const channel of channels) {
      let error: string | undefined;
      try {
        if (options.notify) await options.notify({ ...notice, channel, run: context, runbook });
        else error = 'no notifier configured';
      } catch (caught) {
        error = messageOf(caught);
      }
      record({
        type: 'notification',
        stage: notice.stage,
        channel,
        event: notice.event,
        ...stamp(),
        delivered: error === undefined,
        ...(error === undefined ? {} : { error }),
      });
    }
  };

  let status: RunStatus = 'completed';
  for (const stage of runbook.stages) {
    if (signal.aborted) {
      status = 'aborted';
      break;
    }
    record({ type: 'stage-entered', stage: stage.name, ...stamp() });
    await notify(stage.notify, { event: 'stage-entered', stage: stage.name });
    const { outcome, reason } = await runStage(stage);
    stages[stage.name] = outcome;
    record({ type: 'stage-left', stage: stage.name, ...stamp(), outcome, ...(reason ? { reason } : {}) });
    if (outcome === 'escalated') await notify(stage.notify, { event: 'escalated', stage: stage.name, reason });
    await notify(stage.notify, { event: 'stage-left', stage: stage.name, outcome, reason });
    if (outcome === 'escalated' || outcome === 'failed') status = 'escalated';
    if (outcome === 'aborted') status = 'aborted';
    if (status !== 'completed') break;
  }
  context.run = { ...context.run, status };
  if (status !== 'completed') {
    // Cleanup runs even after Ctrl-C, on a signal of its own.
    const cleanupSignal = new AbortController().signal;
    for (const step of runbook.cleanup) {
      await runStep('cleanup', { ...step, onFailure: { ...step.onFailure, after: 'continue' } }, cleanupSignal);
    }
  }
  return { status, timeline, context, stages };

  async function runStage(stage: Stage): Promise<{ outcome: StageOutcome; reason?: string }> {
    const entry = unmet(stage.entry);
    if (entry) return { outcome: 'escalated', reason: `entry criterion not met: ${entry.description}` };
    for (const [index, step] of stage.steps.entries()) {
      const result = await runStep(stage.name, step, signal);
      if (result.outcome === 'succeeded' || result.handling === 'continue') continue;
      for (const skipped of stage.steps.slice(index + 1)) {
        record({
          type: 'step-finished',
          stage: stage.name,
          step: skipped.id,
          owner: skipped.owner,
          ...stamp(),
          outcome: 'skipped',
          attempts: 0,
          durationMs: 0,
        });
      }
      if (result.outcome === 'aborted' || result.handling === 'abort') {
        return { outcome: 'aborted', reason: `step ${step.id}: ${result.error ?? 'aborted'}` };
      }
      return { outcome: 'escalated', reason: `step ${step.id} ${result.outcome}: ${result.error ?? ''}`.trim() };
    }
    const exit = unmet(stage.exit);
    if (exit) return { outcome: 'escalated', reason: `exit criterion not met: ${exit.description}` };
    return { outcome: 'completed' };
  }

  function unmet(criteria: Criterion[]): Criterion | undefined {
    return criteria.find((criterion) => {
      if (criterion.expect === undefined) return false;
      const path = /^\$\{(.*)\}$/.exec(criterion.expect.trim())?.[1] ?? criterion.expect;
      const value = lookUp(context, path.trim());
      return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
    });
  }

  async function runStep(place: StepPlace, step: Step, runSignal: AbortSignal): Promise<StepResult> {
    const started = now();
    record({ type: 'step-started', stage: place, step: step.id, owner: step.owner, ...stamp(), attempt: 1 });
    const maxAttempts = step.onFailure.retries + 1;
    let attempts = 0;
    let error: string | undefined;
    let outcome: StepOutcome = 'failed';
    let acknowledgement: { by: string; delayMs: number } | undefined;
    while (attempts < maxAttempts) {
      if (runSignal.aborted) {
        outcome = 'aborted';
        error = 'the run was aborted';
        break;
      }
      attempts++;
      try {
        const attemptStarted = now();
        const output = await withTimeout(step.timeoutMs, runSignal, (stepSignal) =>
          step.kind === 'human' ? acknowledge(place, step, stepSignal) : call(place, step, stepSignal, attempts),
        );
        if (step.kind === 'human') {
          acknowledgement = { by: (output as { by: string }).by, delayMs: now() - attemptStarted };
        }
        context.steps[step.id] = output ?? null;
        outcome = 'succeeded';
        error = undefined;
        break;
      } catch (caught) {
        error = messageOf(caught);
        outcome = runSignal.aborted ? 'aborted' : caught instanceof StepTimeout ? 'timed-out' : 'failed';
        if (outcome === 'aborted') break;
        if (attempts < maxAttempts) {
          const waited = await sleep(step.onFailure.backoffMs * 2 ** (attempts - 1), runSignal);
          if (!waited) {
            outcome = 'aborted';
            break;
          }
        }
      }
    }
    const handling = outcome === 'succeeded' || outcome === 'aborted' ? undefined : step.onFailure.after;
    record({
      type: 'step-finished',
      stage: place,
      step: step.id,
      owner: step.owner,
      ...stamp(),
      outcome,
      attempts,
      durationMs: now() - started,
      ...(error === undefined ? {} : { error }),
      ...(handling === undefined ? {} : { handling }),
      ...(acknowledgement
        ? { acknowledgedBy: acknowledgement.by, acknowledgementDelayMs: acknowledgement.delayMs }
        : {}),
    });
    await notify(step.notify, { event: 'step-finished', stage: place, step: step.id, outcome, reason: error });
    return { outcome, handling, error };
  }

  async function call(place: StepPlace, step: Step, stepSignal: AbortSignal, attempt: number): Promise<unknown> {
    const action = actions[step.action!]!;
    const params = resolveReferences(step.with, context) as Record<string, unknown>;
    const actionContext: ActionContext = {
      signal: stepSignal,
      attempt,
      step: { id: step.id, owner: step.owner, stage: place },
      run: context,
      runbook,
      timeline,
      setSeverity: (severity) => {
        context.severity = severity;
      },
    };
    return action(params, actionContext);
  }

  async function acknowledge(place: StepPlace, step: Step, stepSignal: AbortSignal): Promise<{ by: string }> {
    if (!options.acknowledge) throw new Error('no one can acknowledge a human step in this run');
    return options.acknowledge({
      stage: place,
      step: step.id,
      owner: step.owner,
      prompt: step.prompt ?? '',
      signal: stepSignal,
      run: context,
    });
  }
}

/** Runs `work` with a signal aborted after `ms` or when `parent` aborts; settles at that moment even if work ignores it. */
async function withTimeout<T>(ms: number, parent: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const timeout = new StepTimeout(ms);
      controller.abort(timeout);
      reject(timeout);
    }, ms);
    onAbort = () => {
      controller.abort(parent.reason);
      reject(new Error('the run was aborted'));
    };
    if (parent.aborted) onAbort();
    else parent.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onAbort!);
    stopped.catch(() => undefined);
  }
}

/** Waits `ms`; false when the signal aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
