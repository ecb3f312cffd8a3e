export type { BreachNotice } from './breach-notice';
export type { CheckFailedNotice, DriftNotice } from './check-notice';
export { deliverNotification } from './dispatch/deliver-notification';
export {
  type DeadLetter,
  type Delivery,
  type DispatcherOptions,
  NotificationDispatcher,
} from './dispatch/notification-dispatcher';
export { readNotificationRoutes } from './dispatch/read-notification-routes';
export { escapeAll, escapeMarkdown, escapeSlack, truncate } from './escape';
export type { ImpactNotice } from './impact-notice';
export type { IncidentNotice } from './incident-notice';
export { renderBreach } from './render/render-breach';
export { renderCheckFailed } from './render/render-check-failed';
export { renderDrift } from './render/render-drift';
export { renderIncidentPage, renderIncidentSlack } from './render/render-incident';
export { GITHUB_COMMENT_LIMIT, renderMarkdown } from './render/render-markdown';
export { PAGERDUTY_LIMITS, renderPagerDuty } from './render/render-pagerduty';
export { renderSlack, SLACK_LIMITS } from './render/render-slack';
export {
  CHANNELS,
  type Channel,
  type Endpoint,
  type NotificationRoutes,
  parseNotificationRoutes,
  type RoutesProblem,
} from './routing/notification-routes';
export { planBreachNotifications } from './routing/plan-breach-notifications';
export { planCheckFailedNotifications, planDriftNotifications } from './routing/plan-check-notifications';
export { type PlannedDelivery, planNotifications } from './routing/plan-notifications';
export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  type SignatureCheck,
  signWebhook,
  verifyWebhook,
} from './webhook-signature';
