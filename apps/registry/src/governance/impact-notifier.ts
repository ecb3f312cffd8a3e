import type { ImpactNotice, NotificationDispatcher, NotificationRoutes } from '@charter/notify';
import { planNotifications } from '@charter/notify';
import type { Logger } from 'pino';
import type { ImpactSummary } from './lineage-gate';
import type { OwnershipService } from './ownership.service';

export interface ImpactEvent {
  subject: string;
  fingerprint: string;
  impact: ImpactSummary;
  /** The team that made the change, when a team key did. */
  changedBy: string | undefined;
}

/** How long a registration waits for its notifications to be queued before it answers anyway. */
const ENQUEUE_TIMEOUT_MS = 1_000;

/**
 * Tells the owners of affected assets about a change lineage judged HIGH or CRITICAL: when it is refused (`triggered`:
 * a PagerDuty incident opens) and when it lands with an approval (`resolved`: the incident closes), paired by
 * subject and fingerprint. The owners are the teams of the datasets reached plus the team owning the subject; the
 * routes file says where each team hears. Queueing is best-effort and bounded in time: a notification never fails or
 * holds up the registration it is about.
 */
export class ImpactNotifier {
  constructor(
    private readonly dispatcher: Pick<NotificationDispatcher, 'enqueue'> | undefined,
    private readonly routes: NotificationRoutes | undefined,
    private readonly ownership: Pick<OwnershipService, 'ownerOf'>,
    private readonly publicUrl: string,
    private readonly logger: Logger,
  ) {}

  blocked(event: ImpactEvent): Promise<void> {
    return this.send(event, 'triggered', undefined);
  }

  landed(event: ImpactEvent & { version: number; approvedBy: string | undefined }): Promise<void> {
    const by = event.approvedBy === undefined ? '' : ` by ${event.approvedBy}`;
    return this.send(event, 'resolved', `approved${by}; landed as version ${event.version}`);
  }

  private async send(event: ImpactEvent, state: ImpactNotice['state'], resolution: string | undefined): Promise<void> {
    if (!this.dispatcher || !this.routes) return;
    const { dispatcher, routes } = this;
    const work = (async () => {
      const notice: ImpactNotice = {
        key: `${event.subject}:${event.fingerprint}`,
        state,
        subject: event.subject,
        severity: event.impact.severity,
        verdict: event.impact.verdict,
        reasons: event.impact.reasons,
        changedBy: event.changedBy,
        fingerprint: event.fingerprint,
        resolution,
        link: `${this.publicUrl}/approvals?subject=${encodeURIComponent(event.subject)}`,
        datasets: event.impact.datasets,
      };
      const plan = planNotifications(notice, routes, [await this.ownership.ownerOf(event.subject)]);
      await Promise.all(plan.map(({ id, delivery }) => dispatcher.enqueue(delivery, id)));
      return plan.length;
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not queued within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      const queued = await Promise.race([work, timeout]);
      this.logger.info(
        { event: 'impact.notified', subject: event.subject, state, deliveries: queued },
        'impact notified',
      );
    } catch (error) {
      work.catch(() => undefined);
      this.logger.warn(
        { event: 'impact.notify.failed', subject: event.subject, state, error: (error as Error).message },
        'impact notification not queued',
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
