import { DEAD_LETTER_CLASSES, REJECTION_LAYERS } from './read-pipeline-samples';
import type { PipelineRunReport, StreamReport } from './run-pipeline-samples';

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
const lettered = (stream: StreamReport) => sum(Object.values(stream.deadLettered));
const refused = (stream: StreamReport) => sum(Object.values(stream.rejected));

/**
 * A run as a person reads it: one line per topic (samples, refused at the edge, produced, stored, duplicates,
 * dead-lettered), the totals, refusals by layer and letters by class, the conservation check, then `ok` or each
 * count that differs from what was expected.
 */
export function formatPipelineReport(report: PipelineRunReport, where: string): string {
  const columns = ['samples', 'rejected', 'produced', 'stored', 'duplicates', 'dead-lettered'];
  const rows: Array<[string, number[]]> = report.streams.map((stream) => [
    stream.topic,
    [stream.sent, refused(stream), stream.produced, stream.stored, stream.duplicates, lettered(stream)],
  ]);
  const totals = columns.map((_, index) => sum(rows.map(([, values]) => values[index]!)));
  rows.push(['total', totals]);
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const line = (name: string, cells: Array<string | number>) =>
    `  ${name.padEnd(nameWidth)}  ${cells.map((cell, index) => String(cell).padStart(columns[index]!.length)).join('  ')}`;
  const byLayer = REJECTION_LAYERS.map(
    (layer) => `${layer} ${sum(report.streams.map((stream) => stream.rejected[layer]))}`,
  );
  const classes = [
    ...new Set([...DEAD_LETTER_CLASSES, ...report.streams.flatMap((stream) => Object.keys(stream.deadLettered))]),
  ];
  const byClass = classes.map(
    (name) => `${name} ${sum(report.streams.map((stream) => stream.deadLettered[name] ?? 0))}`,
  );
  const [, , produced, stored, , deadLettered] = totals;
  const lines = [
    `pipeline run: ${where}`,
    '',
    line('', columns),
    ...rows.map(([name, values]) => line(name, values)),
    '',
    `  rejected at the edge  ${byLayer.join(' · ')}`,
    `  dead-lettered         ${byClass.join(' · ')}`,
    `  conservation          produced ${produced} ${produced === stored! + deadLettered! ? '=' : '≠'} stored ${stored} + dead-lettered ${deadLettered}`,
    '',
  ];
  for (const failure of report.failures.slice(0, 10)) {
    lines.push(`FAIL sample ${failure.sample}: HTTP ${failure.status} ${failure.message}`);
  }
  if (report.failures.length > 10) lines.push(`FAIL … and ${report.failures.length - 10} more sample(s)`);
  if (!report.settled) {
    lines.push('FAIL the sinks did not account for every record produced before the deadline (--timeout)');
  }
  for (const stream of report.streams) {
    for (const difference of stream.differences) lines.push(`FAIL ${stream.topic}: ${difference}`);
  }
  if (report.ok) {
    const sources = [
      ...new Set(report.streams.map((stream) => (stream.expectedFrom === 'manifest' ? 'the manifest' : 'the samples'))),
    ];
    lines.push(`ok   every count is the expected one (from ${sources.join(' and ')})`);
  }
  return lines.join('\n');
}
