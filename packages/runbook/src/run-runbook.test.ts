// Bad inputs tried: an action name the registry lacks (refused before any action runs), an action that throws, one
// that hangs past its timeout (and ignores its signal), one that fails twice then succeeds under retry 2, one that
// always fails under retry N (N+1 attempts), a human step with no acknowledger, an unmet entry and an unmet exit
// criterion, a reference to a field a step's output lacks, Ctrl-C in the middle of a step (abort) and before a run.
import fc from 'fast-check';
import { minimalRunbook, toYaml } from '../test/minimal-runbook';
import {
  type Action,
  BUILTIN_ACTIONS,
  type FailureHandling,
  type Runbook,
  RunbookError,
  type RunResult,
  readRunbook,
  runRunbook,
  STAGES,
  type TimelineEntry,
} from './index';

const noop: Action = () => ({ ok: true });
const fail: Action = () => {
  throw new Error('boom');
};
const hang: Action = () => new Promise(() => undefined);

/** The minimal runbook with the given step placed in a stage (replacing its noop). */
function runbookWith(
  stage: number,
  step: Record<string, unknown>,
  extra: (document: ReturnType<typeof minimalRunbook>) => void = () => undefined,
): Runbook {
  const document = minimalRunbook();
  document.stages[stage]!.steps = [{ owner: 'incident-commander', ...step }];
  extra(document);
  return readRunbook(toYaml(document));
}

const stageEvents = (result: RunResult) =>
  result.timeline.filter((entry) => entry.type === 'stage-entered' || entry.type === 'stage-left');
const finished = (result: RunResult, step: string) =>
  result.timeline.find(
    (entry): entry is Extract<TimelineEntry, { type: 'step-finished' }> =>
      entry.type === 'step-finished' && entry.step === step,
  );

describe('runRunbook', () => {
  it('walks the five stages in order and records every step', async () => {
    const result = await runRunbook({ runbook: readRunbook(toYaml(minimalRunbook())), actions: { noop } });
    expect(result.status).toBe('completed');
    expect(stageEvents(result).map((entry) => `${entry.type}:${entry.stage}`)).toEqual(
      STAGES.flatMap((stage) => [`stage-entered:${stage}`, `stage-left:${stage}`]),
    );
    expect(Object.values(result.stages)).toEqual(STAGES.map(() => 'completed'));
    expect(result.context.steps['detect-step']).toEqual({ ok: true });
  });

  it('refuses an unknown action before running anything', async () => {
    const runbook = runbookWith(2, { id: 'lock', action: 'subject.lock' });
    const calls: string[] = [];
    await expect(runRunbook({ runbook, actions: { noop: () => void calls.push('noop') } })).rejects.toBeInstanceOf(
      RunbookError,
    );
    expect(calls).toEqual([]);
    try {
      await runRunbook({ runbook, actions: { noop } });
    } catch (error) {
      const [problem] = (error as RunbookError).problems;
      expect(problem).toMatchObject({ code: 'unknown-action', path: '/stages/2/steps/0/action' });
      expect(problem!.line).toBe(runbook.stages[2]!.steps[0]!.line);
    }
  });

  type Case = {
    name: string;
    onFailure: unknown;
    action: () => Action;
    timeout?: string;
    status: RunResult['status'];
    outcome: string;
    attempts: number;
    contain: string;
  };
  const flaky = (failures: number): Action => {
    let calls = 0;
    return () => {
      calls++;
      if (calls <= failures) throw new Error(`failure ${calls}`);
      return { calls };
    };
  };
  const cases: Case[] = [
    {
      name: 'success',
      onFailure: 'escalate',
      action: () => noop,
      status: 'completed',
      outcome: 'succeeded',
      attempts: 1,
      contain: 'completed',
    },
    {
      name: 'failure, escalate',
      onFailure: 'escalate',
      action: () => fail,
      status: 'escalated',
      outcome: 'failed',
      attempts: 1,
      contain: 'escalated',
    },
    {
      name: 'failure, continue',
      onFailure: 'continue',
      action: () => fail,
      status: 'completed',
      outcome: 'failed',
      attempts: 1,
      contain: 'completed',
    },
    {
      name: 'failure, abort',
      onFailure: 'abort',
      action: () => fail,
      status: 'aborted',
      outcome: 'failed',
      attempts: 1,
      contain: 'aborted',
    },
    {
      name: 'two failures under retry 2',
      onFailure: { retry: 2, backoff: '1ms' },
      action: () => flaky(2),
      status: 'completed',
      outcome: 'succeeded',
      attempts: 3,
      contain: 'completed',
    },
    {
      name: 'always failing under retry 3, then continue',
      onFailure: { retry: 3, backoff: '1ms', after: 'continue' },
      action: () => fail,
      status: 'completed',
      outcome: 'failed',
      attempts: 4,
      contain: 'completed',
    },
    {
      name: 'a hang past its timeout',
      onFailure: 'escalate',
      action: () => hang,
      timeout: '30ms',
      status: 'escalated',
      outcome: 'timed-out',
      attempts: 1,
      contain: 'escalated',
    },
    {
      name: 'a hang under retry 1',
      onFailure: { retry: 1, backoff: '1ms', after: 'abort' },
      action: () => hang,
      timeout: '20ms',
      status: 'aborted',
      outcome: 'timed-out',
      attempts: 2,
      contain: 'aborted',
    },
  ];

  it.each(cases)('$name', async ({ onFailure, action, timeout, status, outcome, attempts, contain }) => {
    const runbook = runbookWith(2, { id: 'lock', action: 'lock', onFailure, ...(timeout ? { timeout } : {}) });
    const result = await runRunbook({ runbook, actions: { noop, lock: action() } });
    expect(result.status).toBe(status);
    expect(finished(result, 'lock')).toMatchObject({ outcome, attempts });
    expect(result.stages.contain).toBe(contain);
    if (status !== 'completed') expect(result.stages.recover).toBe('not-entered');
  });

  it('waits between retries with exponential backoff', async () => {
    const times: number[] = [];
    const runbook = runbookWith(0, { id: 'open', action: 'open', onFailure: { retry: 2, backoff: '40ms' } });
    await runRunbook({
      runbook,
      actions: {
        noop,
        open: () => {
          times.push(Date.now());
          throw new Error('down');
        },
      },
    });
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(75);
  });

  it('passes parameters with references filled from earlier outputs and the input', async () => {
    const seen: unknown[] = [];
    const runbook = runbookWith(1, {
      id: 'radius',
      action: 'echo',
      with: { subject: '${input.subject}', id: '${steps.detect-step.ok}', text: 'incident on ${input.subject}' },
    });
    await runRunbook({
      runbook,
      actions: { noop, echo: (params) => void seen.push(params) },
      input: { subject: 'orders-value' },
    });
    expect(seen).toEqual([{ subject: 'orders-value', id: true, text: 'incident on orders-value' }]);
  });

  it('fails a step whose reference names nothing in an output', async () => {
    const runbook = runbookWith(1, { id: 'radius', action: 'noop', with: { id: '${steps.detect-step.missing}' } });
    const result = await runRunbook({ runbook, actions: { noop } });
    expect(finished(result, 'radius')).toMatchObject({
      outcome: 'failed',
      error: '${steps.detect-step.missing} is not set',
    });
  });

  it('waits for a human step and records who acknowledged and after how long', async () => {
    const runbook = runbookWith(3, { id: 'confirm', kind: 'human', prompt: 'Confirm consumers recovered' });
    const result = await runRunbook({
      runbook,
      actions: { noop },
      acknowledge: async () => {
        await new Promise((resolve) => setTimeout(resolve, 25));
        return { by: 'drill' };
      },
    });
    const entry = finished(result, 'confirm')!;
    expect(entry).toMatchObject({ outcome: 'succeeded', acknowledgedBy: 'drill' });
    expect(entry.acknowledgementDelayMs).toBeGreaterThanOrEqual(20);
  });

  it('fails a human step when no one can acknowledge', async () => {
    const runbook = runbookWith(3, { id: 'confirm', kind: 'human', prompt: 'Confirm' });
    const result = await runRunbook({ runbook, actions: { noop } });
    expect(finished(result, 'confirm')).toMatchObject({ outcome: 'failed' });
    expect(result.status).toBe('escalated');
  });

  it.each([
    ['entry', 'assess', '${steps.detect-step.missing}'],
    ['exit', 'detect', '${steps.detect-step.missing}'],
  ] as const)('escalates when an %s criterion is not met', async (side, stage, expect_) => {
    const document = minimalRunbook();
    document.stages[STAGES.indexOf(stage)]![side] = [{ description: 'incident is open', expect: expect_ }];
    const result = await runRunbook({ runbook: readRunbook(toYaml(document)), actions: { noop } });
    expect(result.status).toBe('escalated');
    expect(result.stages[stage]).toBe('escalated');
    const left = result.timeline.find((entry) => entry.type === 'stage-left' && entry.stage === stage);
    expect(left).toMatchObject({ reason: `${side} criterion not met: incident is open` });
  });

  it('on abort: stops the current step, skips the rest, marks the stage aborted and runs the cleanup', async () => {
    const controller = new AbortController();
    const cleaned: unknown[] = [];
    const runbook = runbookWith(2, { id: 'lock', action: 'slow', timeout: '5s' }, (document) => {
      (document.stages[2]!.steps as unknown[]).push({ id: 'rollback', action: 'noop', owner: 'subject-expert' });
      document.cleanup = [
        { id: 'close', action: 'close', owner: 'incident-commander', with: { status: '${run.status}' } },
      ];
    });
    const started = Date.now();
    const result = await runRunbook({
      runbook,
      signal: controller.signal,
      actions: {
        noop,
        slow: () => {
          setTimeout(() => controller.abort(), 20);
          return new Promise(() => undefined);
        },
        close: (params) => void cleaned.push(params),
      },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe('aborted');
    expect(result.stages).toMatchObject({ contain: 'aborted', recover: 'not-entered', 'post-mortem': 'not-entered' });
    expect(finished(result, 'lock')).toMatchObject({ outcome: 'aborted' });
    expect(finished(result, 'rollback')).toMatchObject({ outcome: 'skipped', attempts: 0 });
    expect(finished(result, 'close')).toMatchObject({ stage: 'cleanup', outcome: 'succeeded' });
    expect(cleaned).toEqual([{ status: 'aborted' }]);
  });

  it('runs nothing but the cleanup when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const runbook = runbookWith(0, { id: 'open', action: 'noop' });
    const result = await runRunbook({ runbook, actions: { noop }, signal: controller.signal });
    expect(result.status).toBe('aborted');
    expect(stageEvents(result)).toEqual([]);
  });

  it('records notifications, and a failing notifier never fails the run', async () => {
    const document = minimalRunbook();
    document.stages[0]!.notify = ['slack'];
    const result = await runRunbook({
      runbook: readRunbook(toYaml(document)),
      actions: { noop },
      notify: async (notice) => {
        if (notice.event === 'stage-left') throw new Error('slack down');
      },
    });
    expect(result.status).toBe('completed');
    const notes = result.timeline.filter((entry) => entry.type === 'notification');
    expect(notes).toMatchObject([
      { event: 'stage-entered', channel: 'slack', delivered: true },
      { event: 'stage-left', channel: 'slack', delivered: false, error: 'slack down' },
    ]);
  });

  it('assesses severity with the runbook policy (severity.assess)', async () => {
    const runbook = runbookWith(1, {
      id: 'severity',
      action: 'severity.assess',
      with: { verdict: 'block', tiers: ['tier-2', 'tier-1'] },
    });
    const result = await runRunbook({ runbook, actions: { noop, ...BUILTIN_ACTIONS } });
    expect(result.context.severity).toBe('SEV-1');
    expect(result.context.steps.severity).toEqual({ severity: 'SEV-1', tier: 'tier-1', verdict: 'block' });
  });
});

describe('runRunbook properties', () => {
  const policy = fc.record({
    retries: fc.integer({ min: 0, max: 3 }),
    after: fc.constantFrom<FailureHandling['after']>('escalate', 'continue', 'abort'),
  });
  /** Per stage, per step: how many times the step fails before succeeding, and its failure policy. */
  const plan = fc.array(
    fc.array(fc.record({ failures: fc.integer({ min: 0, max: 5 }), policy }), { minLength: 1, maxLength: 3 }),
    {
      minLength: 5,
      maxLength: 5,
    },
  );

  it('enters the stages in order, leaves every entered stage exactly once, and never exceeds N+1 attempts', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (stages) => {
        const actions: Record<string, Action> = { noop };
        const counters: Record<string, number> = {};
        const document = minimalRunbook();
        stages.forEach((steps, stageIndex) => {
          document.stages[stageIndex]!.steps = steps.map((step, index) => {
            const id = `s${stageIndex}-${index}`;
            counters[id] = 0;
            actions[id] = () => {
              counters[id]!++;
              if (counters[id]! <= step.failures) throw new Error('planned failure');
              return null;
            };
            const onFailure =
              step.policy.retries === 0
                ? step.policy.after
                : { retry: step.policy.retries, backoff: '0ms', after: step.policy.after };
            return { id, action: id, owner: 'scribe', onFailure };
          });
        });
        const result = await runRunbook({ runbook: readRunbook(toYaml(document)), actions });

        const events = stageEvents(result);
        const entered = events.filter((entry) => entry.type === 'stage-entered').map((entry) => entry.stage);
        expect(entered).toEqual(STAGES.slice(0, entered.length));
        for (const stage of entered) {
          const mine = events.filter((entry) => entry.stage === stage).map((entry) => entry.type);
          expect(mine).toEqual(['stage-entered', 'stage-left']);
        }
        // Stage events are nested: a stage is left before the next is entered.
        expect(events.map((entry) => entry.type)).toEqual(entered.flatMap(() => ['stage-entered', 'stage-left']));
        const times = result.timeline.map((entry) => entry.atMs);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        stages.flat().forEach((step, index) => {
          const id = Object.keys(counters)[index]!;
          expect(counters[id]).toBeLessThanOrEqual(step.policy.retries + 1);
          const entry = finished(result, id);
          if (entry && entry.outcome !== 'skipped') expect(entry.attempts).toBe(counters[id]);
        });
        expect(result.status === 'completed').toBe(
          entered.length === 5 && result.stages['post-mortem'] === 'completed',
        );
      }),
      { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 100) },
    );
  });
});
