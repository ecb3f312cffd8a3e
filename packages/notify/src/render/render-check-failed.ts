import type { CheckFailedNotice } from '../check-notice';
import { escapeAll, escapeMarkdown, escapeSlack, truncate } from '../escape';
import type { Channel } from '../routing/notification-routes';
import { TEMPLATES } from '../templates';
import { GITHUB_COMMENT_LIMIT } from './render-markdown';
import { PAGERDUTY_LIMITS } from './render-pagerduty';
import { SLACK_LIMITS } from './render-slack';

/** Failing checks carried in a PagerDuty event's details and a webhook's body; the link has them all. */
const DETAIL_FAILURES = 50;

/**
 * A failed check run rendered for one channel, within its limits (cut with a link to the whole run, never refused):
 * a Slack Block Kit message, a PagerDuty `trigger` (dedup key: the run), a GitHub comment, or a webhook's JSON.
 */
export function renderCheckFailed(channel: Channel, notice: CheckFailedNotice): unknown {
  switch (channel) {
    case 'slack':
      return renderSlackCheckFailed(notice);
    case 'pagerduty':
      return renderPagerDutyCheckFailed(notice);
    case 'github':
      return { body: renderMarkdownCheckFailed(notice) };
    case 'webhook':
      return { type: 'check.failed', notice: withinDetails(notice) };
  }
}

function withinDetails(notice: CheckFailedNotice): CheckFailedNotice {
  const failures = notice.failures.slice(0, DETAIL_FAILURES);
  return { ...notice, failures, failuresLeftOut: notice.failuresLeftOut + notice.failures.length - failures.length };
}

function renderSlackCheckFailed(notice: CheckFailedNotice): { text: string; blocks: unknown[] } {
  const safe = escapeAll(notice, escapeSlack);
  const header = truncate(TEMPLATES.checkFailedHeader(safe), SLACK_LIMITS.headerText, '…');
  const summary = truncate(
    TEMPLATES.checkFailedSummary(safe),
    SLACK_LIMITS.sectionText,
    `…\n<${safe.link}|see the run>`,
  );
  const more = (count: number) => `\n… and ${count} more: <${safe.link}|see the run>`;
  const total = safe.failures.length + safe.failuresLeftOut;
  let lines = '';
  let shown = 0;
  for (const failure of safe.failures) {
    const line = truncate(TEMPLATES.checkFailure(failure), 500, '…');
    const next = lines === '' ? line : `${lines}\n${line}`;
    if (next.length + more(total - shown - 1).length > SLACK_LIMITS.sectionText) break;
    lines = next;
    shown++;
  }
  if (shown < total) lines += more(total - shown);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
  ];
  if (lines !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `run \`${safe.key}\` · <${safe.link}|details>` }],
  });
  return { text: header, blocks };
}

function renderPagerDutyCheckFailed(notice: CheckFailedNotice): Record<string, unknown> {
  const details = withinDetails(notice);
  return {
    dedup_key: notice.key,
    event_action: 'trigger',
    payload: {
      summary: truncate(TEMPLATES.checkFailedPagerDutySummary(notice), PAGERDUTY_LIMITS.summary, '…'),
      source: 'charter',
      severity: 'error',
      component: notice.source.name,
      group: notice.contract.id,
      custom_details: {
        contract: notice.contract,
        kind: notice.kind,
        source: notice.source,
        finishedAt: notice.finishedAt,
        statistics: notice.statistics,
        failures: details.failures,
        failuresLeftOut: details.failuresLeftOut,
      },
    },
    links: [{ href: notice.link, text: 'The check run' }],
  };
}

function renderMarkdownCheckFailed(notice: CheckFailedNotice, limit = GITHUB_COMMENT_LIMIT): string {
  const safe = escapeAll(notice, escapeMarkdown);
  const link = notice.link.replace(/[()\s]/g, encodeURIComponent);
  let failures = safe.failures;
  for (;;) {
    const left = safe.failures.length - failures.length + safe.failuresLeftOut;
    const footer =
      left > 0 ? `\n_…and ${left} more failing check(s): [see the run](${link})_\n` : `\n[The check run](${link})\n`;
    const body = `${TEMPLATES.checkFailedMarkdown({ ...safe, failures })}${footer}`;
    if (body.length <= limit || failures.length === 0) return body.slice(0, limit);
    failures = failures.slice(0, Math.max(0, Math.floor(failures.length * 0.9) - 1));
  }
}
