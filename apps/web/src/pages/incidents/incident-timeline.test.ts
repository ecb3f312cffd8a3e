import { drillScenario, groupTimeline, subjectOwner, type TimelineEntry, waitingSteps } from './incident-timeline';

const at = (second: number) => `2026-12-06T12:00:${String(second).padStart(2, '0')}.000Z`;
const entry = (type: string, second: number, extra: Record<string, unknown> = {}): TimelineEntry => ({
  type,
  at: at(second),
  recorded_by: 'team:orders',
  ...extra,
});

const TIMELINE: TimelineEntry[] = [
  entry('stage-entered', 0, { stage: 'detect' }),
  entry('step-started', 1, { stage: 'detect', step: 'open-incident', owner: 'incident-commander', attempt: 1 }),
  entry('step-finished', 2, {
    stage: 'detect',
    step: 'open-incident',
    owner: 'incident-commander',
    outcome: 'succeeded',
    attempts: 1,
    durationMs: 850,
  }),
  entry('notification', 2, { stage: 'detect', channel: 'slack', event: 'stage-left', delivered: true }),
  entry('stage-left', 3, { stage: 'detect', outcome: 'completed' }),
  entry('stage-entered', 4, { stage: 'contain' }),
  entry('step-started', 5, { stage: 'contain', step: 'lock', owner: 'subject-expert', attempt: 1 }),
  entry('step-finished', 6, { stage: 'contain', step: 'lock', outcome: 'failed', attempts: 2, error: 'boom' }),
  entry('step-started', 7, { stage: 'contain', step: 'confirm-containment', owner: 'incident-commander' }),
];

describe('groupTimeline', () => {
  it('gives each stage its entry, exit and outcome, and each step its outcome, attempts and duration', () => {
    const stages = groupTimeline(TIMELINE);
    expect(stages.map((stage) => [stage.stage, stage.enteredAt, stage.leftAt, stage.outcome])).toEqual([
      ['detect', at(0), at(3), 'completed'],
      ['contain', at(4), undefined, undefined],
    ]);
    expect(stages[0]!.steps).toEqual([
      {
        step: 'open-incident',
        owner: 'incident-commander',
        startedAt: at(1),
        finishedAt: at(2),
        outcome: 'succeeded',
        attempts: 1,
        durationMs: 850,
        error: undefined,
        acknowledgedBy: undefined,
      },
    ]);
    expect(stages[1]!.steps.map((step) => [step.step, step.outcome, step.attempts, step.error])).toEqual([
      ['lock', 'failed', 2, 'boom'],
      ['confirm-containment', undefined, undefined, undefined],
    ]);
  });

  it('finds the human step waiting, and no longer once it is acknowledged or finished', () => {
    expect(waitingSteps(groupTimeline(TIMELINE))).toEqual(['confirm-containment']);
    const acknowledged = [...TIMELINE, entry('acknowledged', 8, { step: 'confirm-containment', by: 'team:orders' })];
    const stages = groupTimeline(acknowledged);
    expect(waitingSteps(stages)).toEqual([]);
    expect(stages[1]!.steps[1]).toMatchObject({ acknowledgedAt: at(8), acknowledgedBy: 'team:orders' });
    const finished = [
      ...TIMELINE,
      entry('step-finished', 9, { stage: 'contain', step: 'confirm-containment', outcome: 'succeeded' }),
    ];
    expect(waitingSteps(groupTimeline(finished))).toEqual([]);
  });

  it('ignores entries without a stage or step and keeps notes out of the stages', () => {
    expect(groupTimeline([entry('note', 1, { text: 'hi' }), entry('step-started', 2, { stage: 'detect' })])).toEqual(
      [],
    );
  });
});

describe('drillScenario', () => {
  it('reads the scenario from a drill title, and nothing from another incident', () => {
    expect(drillScenario({ title: 'Registry unreachable (drill registry-down)' })).toBe('registry-down');
    expect(drillScenario({ title: 'orders-value v4 broke consumers' })).toBeUndefined();
  });
});

describe('subjectOwner', () => {
  it('takes the longest matching prefix, as the registry does', () => {
    const ownership = {
      teams: [
        { name: 'orders', subjectPrefixes: ['orders-'] },
        { name: 'payments', subjectPrefixes: ['orders-pay'] },
      ],
    };
    expect(subjectOwner(ownership, 'orders-value')).toBe('orders');
    expect(subjectOwner(ownership, 'orders-payments')).toBe('payments');
    expect(subjectOwner(ownership, 'user-events')).toBeUndefined();
  });
});
