import type { DrillReport } from './drill-report';

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value} ms`);
const percent = (value: number | undefined) => (value === undefined ? 'no data' : `${(value * 100).toFixed(2)}%`);

/** A duration for people: `5 h 36 min`, `2 min`, `8.4 s`, `250 ms`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1_000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${Number((milliseconds / 1_000).toFixed(1))} s`;
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const rest = minutes % 60;
  return [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', rest > 0 ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/** The drill's section appended to the runbook's post-mortem: MTTD/MTTR against the SLA, budgets, counts. */
export function formatDrillSection(report: DrillReport): string {
  const lines = [
    '',
    `## Drill: ${report.scenario}`,
    '',
    `Outcome: **${report.status}**.`,
    '',
    `**Time is scaled.** Every SLA duration (SLO windows, alert windows, time to detect and to recover) is divided by ${report.timeScale}: ` +
      `1 s of this drill stands for ${formatDuration(1_000 * report.timeScale)} of production time, and the times below are drill times.`,
    '',
    '| | measured | SLA target |',
    '|---|---|---|',
    `| Time to detect | ${ms(report.detection?.mttdMs)} | ${ms(report.detection?.timeToDetectMs)} (${report.detection?.severity ?? '—'}) |`,
    `| Time to recover | ${ms(report.recovery?.mttrMs)} | ${ms(report.detection?.timeToRecoverMs)} |`,
    '',
    `Detected by: ${report.detection ? `${report.detection.policy} on ${report.detection.slo}` : 'nothing'}.`,
    '',
    '### Messages',
    '',
    '| produced | processed | dead-lettered | lost |',
    '|---|---|---|---|',
    report.counts
      ? `| ${report.counts.produced} | ${report.counts.processed} | ${report.counts.deadLettered} | ${report.counts.lost} |`
      : '| — | — | — | — |',
    '',
    '### SLO error budget consumed',
    '',
    "The share of each SLO's error budget over its whole scaled window that the drill's errors used up (the window's " +
      'traffic taken as observed, the time the drill did not see as good).',
    '',
    '| SLO | target | window (scaled) | observed by the drill | budget consumed |',
    '|---|---|---|---|---|',
    ...(report.budgets ?? []).map(
      (budget) =>
        `| ${budget.slo} | ${budget.target} | ${formatDuration(budget.windowMs)} (${formatDuration(budget.windowMs * report.timeScale)} unscaled) | ` +
        `${budget.observedMs === undefined ? '—' : formatDuration(budget.observedMs)} | ${percent(budget.consumed)} |`,
    ),
    '',
    '### Hypotheses',
    '',
    '| hypothesis | held | detail |',
    '|---|---|---|',
    ...report.hypotheses.map((h) => `| ${h.name} | ${h.held ? 'yes' : '**no**'} | ${h.detail} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The human summary `charter drill` prints on stderr at the end. */
export function formatDrillSummary(report: DrillReport): string {
  const lines = [
    `drill ${report.scenario}: ${report.status}`,
    `  MTTD ${ms(report.detection?.mttdMs)} (SLA ${ms(report.detection?.timeToDetectMs)}), MTTR ${ms(report.recovery?.mttrMs)} (SLA ${ms(report.detection?.timeToRecoverMs)})`,
  ];
  if (report.counts) {
    const c = report.counts;
    lines.push(
      `  messages: ${c.produced} produced, ${c.processed} processed, ${c.deadLettered} dead-lettered, ${c.lost} lost`,
    );
  }
  for (const h of report.hypotheses) lines.push(`  ${h.held ? 'ok  ' : 'FAIL'} ${h.name} — ${h.detail}`);
  if (report.incident) lines.push(`  incident ${report.incident.id}: ${report.incident.closedAs}`);
  if (report.postmortem) lines.push(`  post-mortem: ${report.postmortem}`);
  return `${lines.join('\n')}\n`;
}
