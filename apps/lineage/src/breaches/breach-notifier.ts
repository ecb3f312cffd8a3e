import {
  type BreachNotice,
  type NotificationDispatcher,
  type NotificationRoutes,
  planBreachNotifications,
} from '@charter/notify';
import type { Logger } from 'pino';
import type { NewBreach } from './find-event-breaches';

/** How long queueing a breach's notifications may take before it is given up (logged). */
const ENQUEUE_TIMEOUT_MS = 1_000;
const TIERS = new Set(['tier-1', 'tier-2', 'tier-3']);

/**
 * Tells the team owning a contract that a dataset broke it, through the routes file's endpoints for that team
 * (`@charter/notify`, BullMQ on Redis). Best-effort and bounded in time: a notification never fails or holds up the
 * breach's recording, and a Redis outage loses it (logged) — the breach itself stays queryable.
 */
export class BreachNotifier {
  constructor(
    private readonly dispatcher: Pick<NotificationDispatcher, 'enqueue'>,
    private readonly routes: NotificationRoutes,
    private readonly publicUrl: string,
    private readonly logger: Logger,
  ) {}

  async notify(breach: NewBreach): Promise<void> {
    const notice: BreachNotice = {
      key: breach.fingerprint,
      contract: {
        id: breach.contract.id,
        version: breach.contract.version,
        team: breach.contract.team,
        tier: (TIERS.has(breach.contract.severityTier)
          ? breach.contract.severityTier
          : 'tier-3') as BreachNotice['contract']['tier'],
      },
      dataset: breach.dataset,
      ...(breach.job ? { job: breach.job } : {}),
      ...(breach.runId ? { runId: breach.runId } : {}),
      eventTime: breach.eventTime,
      problems: breach.problems.map(({ code, field, message }) => ({ code, field, message })),
      link: `${this.publicUrl}/api/v1/namespaces/${encodeURIComponent(breach.dataset.namespace)}/datasets/${encodeURIComponent(breach.dataset.name)}/breaches`,
    };
    const plan = planBreachNotifications(notice, this.routes);
    const work = Promise.all(plan.map(({ id, delivery }) => this.dispatcher.enqueue(delivery, id)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not queued within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    const fields = { contract: breach.contract.id, dataset: breach.dataset, fingerprint: breach.fingerprint };
    try {
      await Promise.race([work, timeout]);
      this.logger.info({ event: 'breach.notified', ...fields, deliveries: plan.length }, 'contract breach notified');
    } catch (error) {
      work.catch(() => undefined);
      this.logger.warn(
        { event: 'breach.notify.failed', ...fields, error: (error as Error).message },
        'contract breach notification not queued',
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
