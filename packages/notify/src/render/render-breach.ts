import type { BreachNotice } from '../breach-notice';
import { escapeAll, escapeMarkdown, escapeSlack, truncate } from '../escape';
import type { Channel } from '../routing/notification-routes';
import { TEMPLATES } from '../templates';
import { GITHUB_COMMENT_LIMIT } from './render-markdown';
import { PAGERDUTY_LIMITS } from './render-pagerduty';
import { SLACK_LIMITS } from './render-slack';

/** A tier-1 breach pages (critical), tier-2 is an error, tier-3 a warning. */
const PAGERDUTY_SEVERITY = { 'tier-1': 'critical', 'tier-2': 'error', 'tier-3': 'warning' } as const;
/** Problems carried in a PagerDuty event's details and a webhook's body; the link has them all. */
const DETAIL_PROBLEMS = 50;

/**
 * A contract breach rendered for one channel, within its limits (cut with a link to the whole breach, never refused):
 * a Slack Block Kit message, a PagerDuty `trigger` (dedup key: the breach), a GitHub comment, or a webhook's JSON.
 */
export function renderBreach(channel: Channel, notice: BreachNotice): unknown {
  switch (channel) {
    case 'slack':
      return renderSlackBreach(notice);
    case 'pagerduty':
      return renderPagerDutyBreach(notice);
    case 'github':
      return { body: renderMarkdownBreach(notice) };
    case 'webhook':
      return {
        type: 'contract.breach',
        notice: {
          ...notice,
          problems: notice.problems.slice(0, DETAIL_PROBLEMS),
          problemsLeftOut: Math.max(0, notice.problems.length - DETAIL_PROBLEMS),
        },
      };
  }
}

function renderSlackBreach(notice: BreachNotice): { text: string; blocks: unknown[] } {
  const safe = escapeAll(notice, escapeSlack);
  const header = truncate(TEMPLATES.breachHeader(safe), SLACK_LIMITS.headerText, '…');
  const summary = truncate(TEMPLATES.breachSummary(safe), SLACK_LIMITS.sectionText, `…\n<${safe.link}|see the breach>`);
  const more = (count: number) => `\n… and ${count} more: <${safe.link}|see the breach>`;
  let problems = '';
  let shown = 0;
  for (const problem of safe.problems) {
    const line = TEMPLATES.breachProblem(problem);
    const next = problems === '' ? line : `${problems}\n${line}`;
    if (next.length + more(safe.problems.length - shown - 1).length > SLACK_LIMITS.sectionText) break;
    problems = next;
    shown++;
  }
  if (shown < safe.problems.length) problems += more(safe.problems.length - shown);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
  ];
  if (problems !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: problems } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${safe.link}|details>` }] });
  return { text: header, blocks };
}

function renderPagerDutyBreach(notice: BreachNotice): Record<string, unknown> {
  return {
    dedup_key: notice.key,
    event_action: 'trigger',
    payload: {
      summary: truncate(TEMPLATES.breachPagerDutySummary(notice), PAGERDUTY_LIMITS.summary, '…'),
      source: 'charter',
      severity: PAGERDUTY_SEVERITY[notice.contract.tier],
      component: notice.dataset.name,
      group: notice.contract.id,
      custom_details: {
        contract: notice.contract,
        dataset: notice.dataset,
        job: notice.job ?? null,
        runId: notice.runId ?? null,
        eventTime: notice.eventTime,
        problems: notice.problems.slice(0, DETAIL_PROBLEMS),
        problemsLeftOut: Math.max(0, notice.problems.length - DETAIL_PROBLEMS),
      },
    },
    links: [{ href: notice.link, text: 'The breach' }],
  };
}

function renderMarkdownBreach(notice: BreachNotice, limit = GITHUB_COMMENT_LIMIT): string {
  const safe = escapeAll(notice, escapeMarkdown);
  const link = notice.link.replace(/[()\s]/g, encodeURIComponent);
  let problems = safe.problems;
  for (;;) {
    const left = safe.problems.length - problems.length;
    const footer =
      left > 0 ? `\n_…and ${left} more problem(s): [see the breach](${link})_\n` : `\n[The breach](${link})\n`;
    const body = `${TEMPLATES.breachMarkdown({ ...safe, problems })}${footer}`;
    if (body.length <= limit || problems.length === 0) return body.slice(0, limit);
    problems = problems.slice(0, Math.max(0, Math.floor(problems.length * 0.9) - 1));
  }
}
