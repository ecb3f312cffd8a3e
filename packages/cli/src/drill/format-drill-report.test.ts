import type { DrillReport } from './drill-report';
import { formatDrillSection, formatDuration } from './format-drill-report';

const report: DrillReport = {
  scenario: 'registry-down',
  title: 'The registry is down',
  status: 'passed',
  timeScale: 120,
  startedAt: '2026-12-06T19:00:00.000Z',
  stages: [],
  hypotheses: [],
  notifications: [],
  budgets: [
    { slo: 'registry-availability', target: 0.999, consumed: 200 / 672, windowMs: 20_160_000, observedMs: 8_400 },
  ],
};

describe('the drill section of the post-mortem', () => {
  it('says that time is scaled, and by how much', () => {
    const section = formatDrillSection(report);
    expect(section).toContain('**Time is scaled.**');
    expect(section).toContain('divided by 120');
    expect(section).toContain('1 s of this drill stands for 2 min of production time');
  });

  it('shows the budget the drill burned against the scaled window, and how much of it the drill saw', () => {
    expect(formatDrillSection(report)).toContain(
      '| registry-availability | 0.999 | 5 h 36 min (28 d unscaled) | 8.4 s | 29.76% |',
    );
  });

  it('formats durations for people', () => {
    expect([250, 8_400, 120_000, 20_160_000, 28 * 86_400_000].map(formatDuration)).toEqual([
      '250 ms',
      '8.4 s',
      '2 min',
      '5 h 36 min',
      '28 d',
    ]);
  });
});
