import { escapeAll, escapeSlack, truncate } from '../escape';
import type { IncidentNotice } from '../incident-notice';
import { TEMPLATES } from '../templates';
import { PAGERDUTY_LIMITS } from './render-pagerduty';
import { SLACK_LIMITS } from './render-slack';

/** PagerDuty's severities for SEV-1…SEV-4. */
const PAGERDUTY_SEVERITY = { 'SEV-1': 'critical', 'SEV-2': 'error', 'SEV-3': 'warning', 'SEV-4': 'info' } as const;

/**
 * An incident page as a PagerDuty Events API v2 event: `trigger` when the incident opens, `resolve` when it is
 * resolved or aborted, both with the incident id as `dedup_key`. Without `routingKey` the dispatcher adds it.
 */
export function renderIncidentPage(notice: IncidentNotice, routingKey?: string): Record<string, unknown> {
  const base = { ...(routingKey === undefined ? {} : { routing_key: routingKey }), dedup_key: notice.key };
  if (notice.event === 'resolved' || notice.event === 'aborted') return { ...base, event_action: 'resolve' };
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: truncate(TEMPLATES.incidentPagerDutySummary(notice), PAGERDUTY_LIMITS.summary, '…'),
      source: 'charter',
      severity: PAGERDUTY_SEVERITY[notice.severity],
      component: notice.subject,
      group: 'schema-incident',
      custom_details: { incident: notice.key, subject: notice.subject, version: notice.version ?? null },
    },
    links: [{ href: notice.link, text: 'Incident timeline' }],
  };
}

/** An incident event as a Slack message (Block Kit): header, what happened, a link to the timeline. */
export function renderIncidentSlack(notice: IncidentNotice): Record<string, unknown> {
  const safe = escapeAll(notice, escapeSlack);
  const header = truncate(TEMPLATES.incidentHeader(safe), SLACK_LIMITS.headerText, '…');
  const summary = truncate(TEMPLATES.incidentSummary(safe), SLACK_LIMITS.sectionText, '…');
  return {
    text: header,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header } },
      { type: 'section', text: { type: 'mrkdwn', text: summary } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `incident \`${safe.key}\` · <${safe.link}|timeline>` }] },
    ],
  };
}
