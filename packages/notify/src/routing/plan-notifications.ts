import { createHash } from 'node:crypto';
import type { Delivery } from '../dispatch/notification-dispatcher';
import type { ImpactNotice } from '../impact-notice';
import { renderMarkdown } from '../render/render-markdown';
import { renderPagerDuty } from '../render/render-pagerduty';
import { renderSlack } from '../render/render-slack';
import type { Endpoint, NotificationRoutes } from './notification-routes';

export interface PlannedDelivery {
  /** Stable for (notice, state, endpoint): queueing the same plan twice delivers once. */
  id: string;
  delivery: Delivery;
}

/**
 * Who hears about a notice, and what each endpoint receives: the routed endpoints of every team owning an affected
 * dataset, plus those of `alsoTeams` (the team that owns the changed subject); datasets without an owner, and teams
 * without routes, go to the fallback. Each endpoint gets one message, rendered for its channel.
 */
export function planNotifications(
  notice: ImpactNotice,
  routes: NotificationRoutes,
  alsoTeams: Iterable<string | undefined> = [],
): PlannedDelivery[] {
  const teams = new Set<string | undefined>(alsoTeams);
  for (const dataset of notice.datasets) teams.add(dataset.team);
  const endpoints = new Set<string>();
  for (const team of teams) {
    const routed = team === undefined ? undefined : routes.teams[team];
    for (const endpoint of routed ?? routes.fallback) endpoints.add(endpoint);
  }
  return [...endpoints].sort().map((endpoint) => ({
    id: createHash('sha256').update(`${notice.key}\n${notice.state}\n${endpoint}`).digest('hex'),
    delivery: { endpoint, body: renderFor(routes.endpoints[endpoint]!, notice) },
  }));
}

function renderFor(endpoint: Endpoint, notice: ImpactNotice): unknown {
  switch (endpoint.channel) {
    case 'slack':
      return renderSlack(notice);
    case 'pagerduty':
      // The routing key is a secret: the dispatcher adds it on delivery, so queued jobs never hold it.
      return renderPagerDuty(notice);
    case 'github':
      return { body: renderMarkdown(notice) };
    case 'webhook':
      return { type: `impact.${notice.state}`, notice };
  }
}
