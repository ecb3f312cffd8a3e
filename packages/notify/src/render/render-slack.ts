import { escapeAll, escapeSlack, truncate } from '../escape';
import type { ImpactNotice } from '../impact-notice';
import { TEMPLATES } from '../templates';

/** Slack's limits: a section's text, a header's text, blocks per message. */
export const SLACK_LIMITS = { sectionText: 3_000, headerText: 150, blocks: 50 } as const;

/**
 * A Slack Block Kit message. Over Slack's limits it is cut — never refused — and the cut says how much is left out
 * and links to the whole story.
 */
export function renderSlack(notice: ImpactNotice): { text: string; blocks: unknown[] } {
  const safe = escapeAll(notice, escapeSlack);
  const more = (count: number) => `\n… and ${count} more: <${safe.link}|see the full impact>`;
  const summary = truncate(
    TEMPLATES.slackSummary(safe),
    SLACK_LIMITS.sectionText,
    `…\n<${safe.link}|see the full impact>`,
  );
  const datasetLines = safe.datasets.map((dataset) => TEMPLATES.slackDataset(dataset));
  let datasetsText = '';
  let shown = 0;
  for (const line of datasetLines) {
    const next = datasetsText === '' ? line : `${datasetsText}\n${line}`;
    if (next.length + more(datasetLines.length - shown - 1).length > SLACK_LIMITS.sectionText) break;
    datasetsText = next;
    shown++;
  }
  if (shown < datasetLines.length) datasetsText += more(datasetLines.length - shown);
  const header = truncate(
    notice.state === 'resolved' ? `Resolved: ${TEMPLATES.slackHeader(safe)}` : TEMPLATES.slackHeader(safe),
    SLACK_LIMITS.headerText,
    '…',
  );
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
  ];
  if (datasetsText !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: datasetsText } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `fingerprint \`${safe.fingerprint.slice(0, 12)}\` · <${safe.link}|details>` }],
  });
  return { text: header, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
