import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '../webhook-signature';

/** One delivery: a rendered body for one endpoint. */
export interface Delivery {
  channel: 'slack' | 'pagerduty' | 'github' | 'webhook';
  url: string;
  /** The rendered body (JSON for Slack and PagerDuty, `{ body: markdown }` for GitHub). */
  body: unknown;
  /** The name of a signing secret in the dispatcher's `secrets` (never the secret itself: job data sits in Redis). */
  secretRef?: string;
}

export interface DispatcherOptions {
  /** A Redis connection BullMQ may use (`maxRetriesPerRequest: null`). */
  connection: Redis;
  queueName?: string;
  /** BullMQ's key prefix (default `charter`). */
  prefix?: string;
  /** Delivery attempts before a job becomes a dead letter (default 5), with exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
  requestTimeoutMs?: number;
  /** Signing secrets by reference, so secrets are never stored in job data. */
  secrets?: Record<string, string>;
}

export interface DeadLetter {
  id: string;
  channel: Delivery['channel'];
  url: string;
  attempts: number;
  error: string;
}

/**
 * Delivers notifications through a BullMQ queue: each delivery is a job, POSTed as JSON (signed when it names a
 * secret), retried with exponential backoff on a network error or a non-2xx answer, and kept as a failed job — the
 * dead-letter list — once its attempts are spent.
 */
export class NotificationDispatcher {
  private readonly queue: Queue<Delivery>;
  private worker: Worker<Delivery> | undefined;
  /** The worker's own blocking connection (BullMQ needs one apart from the queue's); closed with the worker. */
  private workerConnection: Redis | undefined;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.queue = new Queue<Delivery>(options.queueName ?? 'charter-notifications', {
      connection: options.connection,
      prefix: options.prefix ?? 'charter',
    });
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1_000;
  }

  /** Queues a delivery; `id` makes it idempotent (the same id is queued once). */
  async enqueue(delivery: Delivery, id?: string): Promise<string> {
    const job = await this.queue.add(delivery.channel, delivery, {
      jobId: id,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      removeOnComplete: 1_000,
      removeOnFail: false,
    });
    return job.id!;
  }

  /** Starts delivering (a process that only enqueues need not). */
  start(concurrency = 4): void {
    if (this.worker) return;
    this.workerConnection = this.options.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker<Delivery>(this.queue.name, (job) => this.deliver(job), {
      connection: this.workerConnection,
      prefix: this.options.prefix ?? 'charter',
      concurrency,
    });
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const failed = await this.queue.getFailed();
    return failed.map((job) => ({
      id: job.id!,
      channel: job.data.channel,
      url: job.data.url,
      attempts: job.attemptsMade,
      error: job.failedReason,
    }));
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.workerConnection?.disconnect();
    await this.queue.close();
  }

  private async deliver(job: Job<Delivery>): Promise<void> {
    const body = JSON.stringify(job.data.body);
    const secret = job.data.secretRef === undefined ? undefined : this.options.secrets?.[job.data.secretRef];
    const headers: Record<string, string> = { 'content-type': 'application/json', [EVENT_ID_HEADER]: job.id! };
    if (secret !== undefined) headers[SIGNATURE_HEADER] = signWebhook(secret, body, Math.floor(Date.now() / 1000));
    const response = await fetch(job.data.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${job.data.channel}`);
  }
}
