import type { ApprovalStatus, ChangeImpact, DiffChange, DiffReport, ImpactedAsset } from './diff-report';

/** `charter diff`'s human report: each change, each reason with file:line, the verdict, and what was not assessed. */
export function formatDiffReport(report: DiffReport): string {
  const lines = [`charter diff ${report.base}..${report.head} (${report.path || '.'})`];
  if (report.changes.length === 0) lines.push('  no schema or contract changes');
  for (const change of report.changes) lines.push(...formatChange(change));
  if (report.reasons.length > 0) lines.push('', 'reasons:');
  for (const reason of report.reasons) {
    const where = reason.line === undefined ? reason.file : `${reason.file}:${reason.line}`;
    const approved = reason.approvedBy
      ? ` (approved by ${reason.approvedBy.decidedBy} on ${day(reason.approvedBy.decidedAt)})`
      : '';
    lines.push(`  ${reason.blocking ? 'BLOCK' : 'note '} ${where} ${reason.code}: ${reason.message}${approved}`);
  }
  lines.push('');
  if (report.impact.status === 'not-assessed') lines.push(`impact: not assessed (${report.impact.reason})`);
  else {
    lines.push(`impact: assessed by ${report.impact.lineageUrl}`);
    if (report.impact.changes.length === 0) lines.push('  no breaking field change to assess');
    for (const impact of report.impact.changes) lines.push(...formatImpact(impact));
  }
  if (report.approvals.status === 'not-checked') lines.push(`approvals: not checked (${report.approvals.reason})`);
  else {
    lines.push(`approvals: checked on ${report.approvals.registryUrl}`);
    if (report.approvals.items.length === 0) lines.push('  nothing needs an approval');
    for (const item of report.approvals.items) lines.push(...formatApproval(item));
  }
  lines.push(`verdict: ${report.verdict === 'pass' ? 'pass' : 'BLOCKED'}`);
  return lines.join('\n');
}

function day(timestamp: string): string {
  return timestamp.slice(0, 10) || 'an unknown day';
}

function formatImpact(impact: ChangeImpact): string[] {
  const lines = [
    `  ${impact.subject} v${impact.version}: ${impact.severity} (${impact.verdict})${impact.reasons.length > 0 ? ` — ${impact.reasons.join('; ')}` : ''}`,
  ];
  for (const [title, assets] of [
    ['batch', impact.batch],
    ['streaming', impact.streaming],
  ] as const) {
    lines.push(`    ${title}: ${assets.length === 0 ? 'none' : ''}`.trimEnd());
    for (const asset of assets) lines.push(`      ${formatAsset(asset)}`);
  }
  return lines;
}

function formatAsset(asset: ImpactedAsset): string {
  const facts = [
    `team ${asset.team ?? 'unknown'}`,
    ...(asset.contract ? [`contract ${asset.contract.id} (${asset.contract.tier})`] : []),
    ...(asset.fields.length > 0 ? [`fields ${asset.fields.join(', ')}`] : []),
    `depth ${asset.depth}`,
  ];
  return `${asset.kind.padEnd(9)} ${asset.namespace}/${asset.name} — ${facts.join('; ')}`;
}

function formatApproval(item: ApprovalStatus): string[] {
  const what = `  ${item.subject} v${item.version} (${item.file})`;
  if (item.state === 'approved' && item.approval)
    return [
      `${what}: approved by ${item.approval.decidedBy} on ${day(item.approval.decidedAt)} (approval ${item.approval.id})`,
    ];
  const state =
    item.state === 'none' ? 'no approval' : `approval ${item.approval?.id ?? ''} is ${item.state}`.replace('  ', ' ');
  const lines = [`${what}: ${state}${item.note ? ` — ${item.note}` : ''}`];
  if (item.fingerprint) lines.push(`    fingerprint ${item.fingerprint}`);
  if (item.request) {
    lines.push(`    ask for one: POST ${item.request.url} with (fill in "reason"):`);
    lines.push(
      ...JSON.stringify(item.request.body, null, 2)
        .split('\n')
        .map((line) => `      ${line}`),
    );
  }
  return lines;
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
