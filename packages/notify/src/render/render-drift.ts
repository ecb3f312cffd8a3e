import type { DriftNotice } from '../check-notice';
import { escapeAll, escapeMarkdown, escapeSlack, truncate } from '../escape';
import type { Channel } from '../routing/notification-routes';
import { TEMPLATES } from '../templates';
import { GITHUB_COMMENT_LIMIT } from './render-markdown';
import { PAGERDUTY_LIMITS } from './render-pagerduty';
import { SLACK_LIMITS } from './render-slack';

/**
 * A drift detection rendered for one channel: a Slack message, a PagerDuty `trigger` at warning severity (dedup key:
 * the event), a GitHub comment, or a webhook's JSON. Each text is cut to its channel's limit.
 */
export function renderDrift(channel: Channel, notice: DriftNotice): unknown {
  switch (channel) {
    case 'slack': {
      const safe = escapeAll(notice, escapeSlack);
      const header = truncate(TEMPLATES.driftHeader(safe), SLACK_LIMITS.headerText, '…');
      const summary = truncate(
        TEMPLATES.driftSummary(safe),
        SLACK_LIMITS.sectionText,
        `…\n<${safe.link}|see the events>`,
      );
      return {
        text: header,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: header } },
          { type: 'section', text: { type: 'mrkdwn', text: summary } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: `event \`${safe.key}\` · <${safe.link}|details>` }] },
        ],
      };
    }
    case 'pagerduty':
      return {
        dedup_key: notice.key,
        event_action: 'trigger',
        payload: {
          summary: truncate(TEMPLATES.driftPagerDutySummary(notice), PAGERDUTY_LIMITS.summary, '…'),
          source: 'charter',
          severity: 'warning',
          component: notice.source,
          group: notice.contract.id,
          custom_details: {
            contract: notice.contract,
            field: notice.field,
            test: notice.test,
            statistic: notice.statistic,
            threshold: notice.threshold,
            window: notice.window,
            baseline: notice.baseline,
            detectedAt: notice.detectedAt,
          },
        },
        links: [{ href: notice.link, text: 'Drift events' }],
      };
    case 'github': {
      const safe = escapeAll(notice, escapeMarkdown);
      const link = notice.link.replace(/[()\s]/g, encodeURIComponent);
      const body = `${TEMPLATES.driftMarkdown(safe)}\n[Drift events](${link})\n`;
      return { body: truncate(body, GITHUB_COMMENT_LIMIT, `…\n[Drift events](${link})\n`) };
    }
    case 'webhook':
      return { type: 'drift.detected', notice };
  }
}
