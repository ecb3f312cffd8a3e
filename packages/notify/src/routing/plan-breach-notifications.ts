import { createHash } from 'node:crypto';
import type { BreachNotice } from '../breach-notice';
import { renderBreach } from '../render/render-breach';
import type { NotificationRoutes } from './notification-routes';
import type { PlannedDelivery } from './plan-notifications';

/**
 * Who hears about a contract breach: the endpoints of the team owning the contract, or the fallback when that team
 * has no routes. Each endpoint gets one message, rendered for its channel; the delivery id is stable per breach and
 * endpoint, so queueing the same breach twice delivers once.
 */
export function planBreachNotifications(notice: BreachNotice, routes: NotificationRoutes): PlannedDelivery[] {
  const endpoints = routes.teams[notice.contract.team] ?? routes.fallback;
  return [...new Set(endpoints)].sort().map((endpoint) => ({
    id: createHash('sha256').update(`breach\n${notice.key}\n${endpoint}`).digest('hex'),
    delivery: { endpoint, body: renderBreach(routes.endpoints[endpoint]!.channel, notice) },
  }));
}
