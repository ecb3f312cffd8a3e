import { createHash } from 'node:crypto';
import type { CheckFailedNotice, DriftNotice } from '../check-notice';
import { renderCheckFailed } from '../render/render-check-failed';
import { renderDrift } from '../render/render-drift';
import type { Channel, NotificationRoutes } from './notification-routes';
import type { PlannedDelivery } from './plan-notifications';

/**
 * Who hears about a failed check run: the endpoints of the team owning the contract, or the fallback when that team
 * has no routes; one message each, rendered for its channel. The delivery id is stable per run and endpoint, so
 * queueing the same run twice delivers once.
 */
export function planCheckFailedNotifications(notice: CheckFailedNotice, routes: NotificationRoutes): PlannedDelivery[] {
  return planForTeam('check.failed', notice.key, notice.contract.team, routes, (channel) =>
    renderCheckFailed(channel, notice),
  );
}

/** Who hears about a drift detection: as a failed run, the contract's owning team (or the fallback), once per event. */
export function planDriftNotifications(notice: DriftNotice, routes: NotificationRoutes): PlannedDelivery[] {
  return planForTeam('drift.detected', notice.key, notice.contract.team, routes, (channel) =>
    renderDrift(channel, notice),
  );
}

function planForTeam(
  kind: string,
  key: string,
  team: string,
  routes: NotificationRoutes,
  render: (channel: Channel) => unknown,
): PlannedDelivery[] {
  const endpoints = routes.teams[team] ?? routes.fallback;
  return [...new Set(endpoints)].sort().map((endpoint) => ({
    id: createHash('sha256').update(`${kind}\n${key}\n${endpoint}`).digest('hex'),
    delivery: { endpoint, body: render(routes.endpoints[endpoint]!.channel) },
  }));
}
