import type { DrillReport } from './drill-report';

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value} ms`);
const percent = (value: number | undefined) => (value === undefined ? 'no data' : `${(value * 100).toFixed(1)}%`);

/** The drill's section appended to the runbook's post-mortem: MTTD/MTTR against the SLA, budgets, counts. */
export function formatDrillSection(report: DrillReport): string {
  const lines = [
    '',
    `## Drill: ${report.scenario}`,
    '',
    `Outcome: **${report.status}**. SLA durations divided by ${report.timeScale} (drill time).`,
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
    '### SLO error budget consumed (what the drill observed of the scaled SLO window)',
    '',
    '| SLO | target | budget consumed |',
    '|---|---|---|',
    ...(report.budgets ?? []).map((budget) => `| ${budget.slo} | ${budget.target} | ${percent(budget.consumed)} |`),
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
