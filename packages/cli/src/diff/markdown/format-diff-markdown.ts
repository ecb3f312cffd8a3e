import type { SchemaChange } from '@charter/schema';
import type { ApprovalStatus, ChangeImpact, DiffChange, DiffReason, DiffReport, ImpactedAsset } from '../diff-report';
import { escapeMarkdown as e, fenceCode } from './escape-markdown';
import { sectionText } from './fit-markdown';

/** One part of the Markdown report: what a too-long comment is cut between (never inside a table or a block). */
export interface MarkdownSection {
  title: string;
  /** The section, up to its table's header when it has one. */
  markdown: string;
  /** The rows of the table that ends the section: where a document too long for a comment may be cut. */
  rows?: string[];
}

/**
 * `charter diff` as GitHub Markdown, in sections: the verdict with its counts, the reasons (file:line), the batch
 * and streaming impact (or why it was not assessed), the approval status of each schema (or the request that asks
 * for one), then each change with its field changes and compatibility. Everything from the repository is escaped.
 */
export function renderDiffMarkdown(report: DiffReport): MarkdownSection[] {
  return [
    { title: 'Verdict', markdown: renderVerdict(report) },
    renderReasons(report.reasons),
    ...renderImpact(report),
    { title: 'Approvals', markdown: renderApprovals(report) },
    ...report.changes.map(renderChange),
  ];
}

/** The whole report as one Markdown document (`--format markdown`). */
export function formatDiffMarkdown(report: DiffReport): string {
  return joinSections(renderDiffMarkdown(report));
}

export function joinSections(sections: MarkdownSection[]): string {
  return sections.map(sectionText).join('\n\n');
}

function renderVerdict(report: DiffReport): string {
  const blocking = report.reasons.filter((reason) => reason.blocking).length;
  const approved = report.reasons.filter((reason) => !reason.blocking && reason.approvedBy).length;
  const notes = report.reasons.filter((reason) => !reason.blocking && !reason.approvedBy).length;
  const schemas = report.changes.filter((change) => change.subject !== undefined).length;
  const contracts = report.changes.filter((change) => change.kind.startsWith('contract-')).length;
  const heading = report.verdict === 'blocked' ? '## ⛔ charter diff: blocked' : '## ✅ charter diff: pass';
  const counts = [
    `**${count(blocking, 'blocking reason')}**`,
    `${approved} approved`,
    count(notes, 'note'),
    `${count(report.changes.length, 'change')} (${count(schemas, 'schema version')}, ${count(contracts, 'contract')})`,
  ];
  return [
    heading,
    '',
    counts.join(' · '),
    '',
    `Compared ${e(report.base)} → ${e(report.head)} under ${e(report.path || '.')}.`,
  ].join('\n');
}

function renderReasons(reasons: DiffReason[]): MarkdownSection {
  if (reasons.length === 0)
    return {
      title: 'Reasons',
      markdown: '### Reasons\n\nNothing blocks this change, and there is nothing to call out.',
    };
  const rank = (reason: DiffReason) => (reason.blocking ? 0 : reason.approvedBy ? 1 : 2);
  const rows = [...reasons]
    .sort((a, b) => rank(a) - rank(b))
    .map((reason) => {
      const status = reason.blocking ? '⛔ blocks' : reason.approvedBy ? '✅ approved' : '⚠️ note';
      const approved = reason.approvedBy ? ` (${approvedBy(reason.approvedBy)})` : '';
      return row([status, where(reason), e(reason.code), `${e(reason.message)}${approved}`]);
    });
  return {
    title: 'Reasons',
    markdown: ['### Reasons', '', row(['', 'Where', 'Reason', 'Message']), row(['---', '---', '---', '---'])].join(
      '\n',
    ),
    rows,
  };
}

function renderImpact(report: DiffReport): MarkdownSection[] {
  const { impact } = report;
  if (impact.status === 'not-assessed')
    return [
      {
        title: 'Impact',
        markdown: `### Impact\n\n**Impact not assessed** (${e(impact.reason)}): what this change reaches downstream is unknown, not empty.`,
      },
    ];
  const summary =
    impact.changes.length === 0
      ? 'No changed schema version had field changes to assess.'
      : impact.changes
          .map(
            (change) =>
              `- ${e(change.subject)} v${change.version}: **${e(change.severity)}**, ${e(change.verdict)}${change.reasons.length > 0 ? ` (${change.reasons.map(e).join('; ')})` : ''}`,
          )
          .join('\n');
  return [
    {
      title: 'Impact',
      markdown: `### Impact\n\nAssessed by the lineage service at ${e(impact.lineageUrl)}.\n\n${summary}`,
    },
    renderAssets('Batch impact', impact.changes, 'batch'),
    renderAssets('Streaming impact', impact.changes, 'streaming'),
  ];
}

function renderAssets(title: string, changes: ChangeImpact[], side: 'batch' | 'streaming'): MarkdownSection {
  const rows = changes.flatMap((change) => change[side].map((asset) => assetRow(change, asset)));
  const what = side === 'batch' ? 'tables, dbt models, dashboards' : 'topics, streaming jobs';
  if (rows.length === 0) return { title, markdown: `#### ${title}\n\nNo ${side} asset (${what}) is reached.` };
  return {
    title,
    markdown: [
      `#### ${title} (${what})`,
      '',
      row(['Asset', 'Kind', 'Owner team', 'Severity / contract', 'Path', 'Reached from']),
      row(['---', '---', '---', '---', '---', '---']),
    ].join('\n'),
    rows,
  };
}

function assetRow(change: ChangeImpact, asset: ImpactedAsset): string {
  const contract = asset.contract ? ` · ${e(asset.contract.id)} (${e(asset.contract.tier)})` : '';
  return row([
    `${e(asset.name)}<br>${e(asset.namespace)}`,
    e(asset.kind),
    asset.team === undefined ? 'unknown' : e(asset.team),
    `${e(change.severity)}${contract}`,
    asset.path.length === 0 ? e(asset.fields.join(', ')) : asset.path.map(e).join(' → '),
    `${e(change.subject)} v${change.version}`,
  ]);
}

function renderApprovals(report: DiffReport): string {
  const { approvals } = report;
  if (approvals.status === 'not-checked') return `### Approvals\n\n**Approvals not checked** (${e(approvals.reason)}).`;
  if (approvals.items.length === 0)
    return `### Approvals\n\nChecked on ${e(approvals.registryUrl)}: no schema version here needs an approval.`;
  return ['### Approvals', '', `Checked on ${e(approvals.registryUrl)}.`, ...approvals.items.map(renderApproval)].join(
    '\n\n',
  );
}

const STATES: Record<ApprovalStatus['state'], string> = {
  approved: 'approved',
  requested: 'requested, not decided yet',
  rejected: 'rejected',
  expired: 'expired',
  none: 'never requested',
};

function renderApproval(item: ApprovalStatus): string {
  const what = `**${e(item.subject)} v${item.version}** (${e(item.file)})`;
  if (item.state === 'approved' && item.approval) return `✅ ${what}: ${approvedBy(item.approval)}.`;
  const lines = [`⛔ ${what}: approval ${STATES[item.state]}${item.note ? ` (${e(item.note)})` : ''}.`];
  if (item.request) {
    const { method, url, body } = item.request;
    lines.push(
      'To ask for one:',
      fenceCode(`${method} ${url}\nContent-Type: application/json\n\n${JSON.stringify(body, null, 2)}`, 'http'),
    );
  }
  return lines.join('\n\n');
}

const CHANGE_KINDS: Record<DiffChange['kind'], string> = {
  'schema-added': 'schema version added',
  'schema-changed': 'published schema version changed',
  'schema-renamed': 'schema version renamed',
  'schema-deleted': 'schema version deleted',
  'subject-deleted': 'subject deleted',
  'contract-added': 'contract added',
  'contract-changed': 'contract changed',
  'contract-deleted': 'contract deleted',
  'file-renamed': 'file renamed',
};

function renderChange(change: DiffChange): MarkdownSection {
  const name = change.subject
    ? `${e(change.subject)}${change.version === undefined ? '' : ` v${change.version}`}`
    : change.contract
      ? `contract ${e(change.contract)}`
      : e(change.file);
  const lines = [
    `### ${name}: ${CHANGE_KINDS[change.kind]}`,
    '',
    `In ${e(change.file)}${change.from ? ` (from ${e(change.from)})` : ''}.`,
  ];
  if (change.compatibility) {
    const { level, isCompatible, checkedVersions } = change.compatibility;
    const against = checkedVersions.map((version) => `v${version}`).join(', ');
    lines.push(
      '',
      isCompatible ? `✅ ${e(level)} compatible with ${against}.` : `⛔ Not ${e(level)} compatible with ${against}.`,
    );
  }
  if (change.contractVersion)
    lines.push('', `Version ${e(change.contractVersion.base)} → ${e(change.contractVersion.head)}.`);
  if (change.team) lines.push('', `Owning team ${e(change.team.base)} → ${e(change.team.head)}.`);
  if (change.severityTier)
    lines.push('', `Severity tier ${e(change.severityTier.base)} → ${e(change.severityTier.head)}.`);
  const title = `Change ${change.file}`;
  if (!change.fieldChanges || change.fieldChanges.length === 0) return { title, markdown: lines.join('\n') };
  lines.push('', row(['Field', 'Change', 'Breaks', 'Detail']), row(['---', '---', '---', '---']));
  return { title, markdown: lines.join('\n'), rows: change.fieldChanges.map(fieldRow) };
}

function fieldRow(change: SchemaChange): string {
  const breaks = [change.breaking.backward ? 'backward' : '', change.breaking.forward ? 'forward' : '']
    .filter(Boolean)
    .join(', ');
  return row([change.field === '' ? '(root)' : e(change.field), e(change.kind), breaks || 'no', e(change.message)]);
}

function where(reason: DiffReason): string {
  return reason.line === undefined ? e(reason.file) : `${e(reason.file)}:${reason.line}`;
}

function approvedBy(approval: { decidedBy: string; decidedAt: string; id: string }): string {
  const day = /^\d{4}-\d{2}-\d{2}T/.test(approval.decidedAt) ? approval.decidedAt.slice(0, 10) : approval.decidedAt;
  return `approved by ${e(approval.decidedBy)} on ${e(day)}, approval ${e(approval.id)}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
