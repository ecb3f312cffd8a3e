// Bad inputs tried: a run that never recovered (MTTR "not recovered"), a fault time after detection (MTTD clamped to
// 0), table text with pipes and line breaks, a template naming a field the data lacks (strict: it throws).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { minimalRunbook, toYaml } from '../../test/minimal-runbook';
import { readRunbook } from '../load-runbook';
import type { RunContext } from '../resolve-references';
import type { TimelineEntry } from '../timeline';
import { buildPostmortem, formatDuration } from './postmortem-data';
import { renderPostmortem } from './render-postmortem';

const runbook = readRunbook(toYaml(minimalRunbook()));
const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const at = (offsetMs: number) => ({ at: new Date(T0 + offsetMs).toISOString(), atMs: T0 + offsetMs });
const run: RunContext = {
  input: {},
  steps: {},
  run: { id: 'run-1', status: 'running', startedAt: new Date(T0).toISOString() },
};
const timeline: TimelineEntry[] = [
  { type: 'stage-entered', stage: 'recover', ...at(1_000) },
  {
    type: 'step-finished',
    stage: 'recover',
    step: 'rollback',
    owner: 'subject-expert',
    ...at(3_500),
    outcome: 'succeeded',
    attempts: 2,
    durationMs: 2_500,
  },
  { type: 'stage-left', stage: 'recover', ...at(4_000), outcome: 'completed' },
];
const incident = { id: 'i-1', subject: 'orders-value', title: 'bad | version\nreally', link: 'http://r/incidents/i-1' };
const TEMPLATE = readFileSync(path.resolve(__dirname, '../../../../runbooks/postmortem.md.hbs'), 'utf8');

describe('buildPostmortem', () => {
  it('measures MTTD from the fault to detection and MTTR from the fault to recovery', () => {
    const data = buildPostmortem(runbook, run, timeline, {
      incident,
      severity: 'SEV-2',
      faultAt: new Date(T0 - 2_000).toISOString(),
    });
    expect([data.mttdMs, data.mttrMs, data.mttd, data.mttr]).toEqual([2_000, 6_000, '2.0 s', '6.0 s']);
    expect(data.status).toBe('recovered');
    expect(data.actions).toEqual([
      expect.objectContaining({ step: 'rollback', owner: 'subject-expert', duty: 'knows the subject', attempts: 2 }),
    ]);
  });

  it.each([
    ['never recovered', timeline.slice(0, 2), T0 - 1_000, [1_000, null, 'not recovered']],
    ['fault after detection', timeline, T0 + 500, [0, 3_500, '3.5 s']],
  ] as const)('handles a run that %s', (_name, entries, faultMs, [mttd, mttr, text]) => {
    const data = buildPostmortem(runbook, run, entries, {
      incident,
      severity: 'SEV-4',
      faultAt: new Date(faultMs).toISOString(),
    });
    expect([data.mttdMs, data.mttrMs, data.mttr]).toEqual([mttd, mttr, text]);
  });

  it.each([
    [250, '250 ms'],
    [1_250, '1.3 s'],
    [61_000, '1 min 1 s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('renderPostmortem', () => {
  it('renders the repository template with table cells escaped', () => {
    const data = buildPostmortem(runbook, run, timeline, { incident, severity: 'SEV-2' });
    const markdown = renderPostmortem(TEMPLATE, data);
    expect(markdown).toContain('# Post-mortem: bad | version\nreally');
    expect(markdown).toContain('| rollback | recover | subject-expert | knows the subject | succeeded | 2 | 2.5 s |');
    expect(markdown).toContain('**MTTR 4.0 s**');
    const summaryRow = renderPostmortem('| {{cell incident.title}} |', data);
    expect(summaryRow).toBe('| bad \\| version really |');
  });

  it('fails on a template naming what the data does not have', () => {
    const data = buildPostmortem(runbook, run, timeline, { incident, severity: 'SEV-2' });
    expect(() => renderPostmortem('{{incident.owner}}', data)).toThrow(/owner/);
  });
});
