import { readFileSync } from 'node:fs';
import { type NotificationRoutes, parseNotificationRoutes } from '../routing/notification-routes';

/**
 * The routes file a service names in CHARTER_NOTIFY_ROUTES, read and checked: the routes, or every problem as a
 * configuration message naming the variable, the file and the place in it (values are never echoed). Notifications
 * are queued in Redis, so a service without `redisUrl` cannot have routes.
 */
export function readNotificationRoutes(
  file: string,
  environment: NodeJS.ProcessEnv,
  redisUrl: string | undefined,
): { routes: NotificationRoutes } | { problems: string[] } {
  if (redisUrl === undefined) {
    return { problems: ['CHARTER_NOTIFY_ROUTES: notifications are queued in Redis (BullMQ); set REDIS_URL'] };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`CHARTER_NOTIFY_ROUTES: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`] };
  }
  const { routes, problems } = parseNotificationRoutes(text, environment);
  if (!routes) {
    return {
      problems: problems.map((problem) => `CHARTER_NOTIFY_ROUTES: ${file}#${problem.path}: ${problem.message}`),
    };
  }
  return { routes };
}
