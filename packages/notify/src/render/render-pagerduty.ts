import { truncate } from '../escape';
import type { ImpactNotice } from '../impact-notice';
import { TEMPLATES } from '../templates';

export const PAGERDUTY_LIMITS = { summary: 1_024 } as const;

const SEVERITY = { CRITICAL: 'critical', HIGH: 'error', MEDIUM: 'warning', LOW: 'info' } as const;

/**
 * A PagerDuty Events API v2 event: `trigger` while the change is blocked, `resolve` once it is settled, paired by the
 * notice's key as `dedup_key`. JSON carries the text, so nothing needs escaping beyond JSON's own. Without
 * `routingKey` the event is rendered for a queue, and the dispatcher adds the key when it delivers.
 */
export function renderPagerDuty(notice: ImpactNotice, routingKey?: string): Record<string, unknown> {
  const base = { ...(routingKey === undefined ? {} : { routing_key: routingKey }), dedup_key: notice.key };
  if (notice.state === 'resolved') return { ...base, event_action: 'resolve' };
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: truncate(TEMPLATES.pagerDutySummary(notice), PAGERDUTY_LIMITS.summary, '…'),
      source: 'charter',
      severity: SEVERITY[notice.severity],
      component: notice.subject,
      custom_details: {
        verdict: notice.verdict,
        changedBy: notice.changedBy ?? null,
        fingerprint: notice.fingerprint,
        reasons: notice.reasons,
        datasets: notice.datasets.slice(0, 50),
        datasetsLeftOut: Math.max(0, notice.datasets.length - 50),
      },
    },
    links: [{ href: notice.link, text: 'Full impact' }],
  };
}
