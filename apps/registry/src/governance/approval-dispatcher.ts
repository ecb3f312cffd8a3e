import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '@charter/notify';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../auth/principal';
import type { ApprovalEventRecord, ApprovalRepository } from '../storage/approval.repository';
import type { ApprovalsService } from './approvals.service';

export interface ApprovalDispatcherOptions {
  /** Where approval events are POSTed; without it they stay recorded for the notification service to pick up. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  intervalMs: number;
  maxAttempts: number;
  requestTimeoutMs: number;
}

const BATCH = 20;
const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * The background work of approvals, on every replica: expires approvals whose time has come (recording an
 * escalation), and delivers recorded approval events to the webhook, HMAC-signed, with exponential backoff; an
 * event that still fails after `maxAttempts` is marked failed (the dead letters stay in the table).
 */
export class ApprovalDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly approvals: ApprovalsService,
    private readonly repository: ApprovalRepository,
    private readonly options: ApprovalDispatcherOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One round (tests call it directly); rounds never overlap. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    try {
      const expired = await this.approvals.expireDue(SYSTEM_ACTOR);
      if (expired.length > 0) this.logger.info({ event: 'approval.expired', approvals: expired }, 'approvals expired');
      if (this.options.webhookUrl === undefined || this.options.webhookSecret === undefined) return;
      for (const event of await this.repository.claimDueEvents(BATCH, LEASE_MS)) await this.deliver(event);
    } catch (error) {
      this.logger.warn({ event: 'approval.dispatch.failed', error: (error as Error).message }, 'approval round failed');
    }
  }

  private async deliver(event: ApprovalEventRecord): Promise<void> {
    const body = JSON.stringify({
      id: event.id,
      type: `approval.${event.type}`,
      at: event.at.toISOString(),
      approvalId: event.approvalId,
      data: event.payload,
    });
    const signature = signWebhook(this.options.webhookSecret!, body, Math.floor(Date.now() / 1000));
    let failure: string | undefined;
    try {
      const response = await fetch(this.options.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, [EVENT_ID_HEADER]: event.id },
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
    if (failure === undefined) {
      await this.repository.markDelivered(event.id);
      return;
    }
    const attempts = event.attempts + 1;
    const retryAt =
      attempts >= this.options.maxAttempts
        ? undefined
        : new Date(Date.now() + Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (attempts - 1)));
    await this.repository.markAttemptFailed(event.id, failure, retryAt);
    this.logger.warn(
      { event: 'approval.webhook.failed', eventId: event.id, attempts, error: failure, deadLettered: !retryAt },
      'approval webhook delivery failed',
    );
  }
}
