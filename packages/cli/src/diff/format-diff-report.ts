import type { DiffChange, DiffReport } from './diff-report';

/** `charter diff`'s human report: each change, each reason with file:line, the verdict, and what was not assessed. */
export function formatDiffReport(report: DiffReport): string {
  const lines = [`charter diff ${report.base}..${report.head} (${report.path || '.'})`];
  if (report.changes.length === 0) lines.push('  no schema or contract changes');
  for (const change of report.changes) lines.push(...formatChange(change));
  if (report.reasons.length > 0) lines.push('', 'reasons:');
  for (const reason of report.reasons) {
    const where = reason.line === undefined ? reason.file : `${reason.file}:${reason.line}`;
    lines.push(`  ${reason.blocking ? 'BLOCK' : 'note '} ${where} ${reason.code}: ${reason.message}`);
  }
  lines.push(
    '',
    report.impact.status === 'not-assessed'
      ? `impact: not assessed (${report.impact.reason})`
      : `impact: assessed by ${report.impact.lineageUrl}`,
    report.approvals.status === 'not-checked'
      ? `approvals: not checked (${report.approvals.reason})`
      : `approvals: checked on ${report.approvals.registryUrl}`,
    `verdict: ${report.verdict === 'pass' ? 'pass' : 'BLOCKED'}`,
  );
  return lines.join('\n');
}

function formatChange(change: DiffChange): string[] {
  const what = change.subject
    ? `${change.subject}${change.version === undefined ? '' : ` v${change.version}`}`
    : (change.contract ?? '');
  const from = change.from ? ` (from ${change.from})` : '';
  const lines = [`  ${change.kind.padEnd(17)} ${change.file}${from}${what ? `  ${what}` : ''}`];
  if (change.compatibility) {
    const { level, isCompatible, checkedVersions } = change.compatibility;
    const against = checkedVersions.map((version) => `v${version}`).join(', ');
    lines.push(`      ${isCompatible ? 'compatible' : 'INCOMPATIBLE'} at ${level} against ${against}`);
  }
  for (const fieldChange of change.fieldChanges ?? [])
    lines.push(`      ${fieldChange.kind} ${fieldChange.field || '(root)'}: ${fieldChange.message}`);
  if (change.contractVersion)
    lines.push(`      version ${change.contractVersion.base} → ${change.contractVersion.head}`);
  if (change.team) lines.push(`      team ${change.team.base} → ${change.team.head}`);
  if (change.severityTier) lines.push(`      severity tier ${change.severityTier.base} → ${change.severityTier.head}`);
  return lines;
}
