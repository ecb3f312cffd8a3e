import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Channel, Endpoint } from '../routing/notification-routes';
import { deliverNotification } from './deliver-notification';

/** One delivery: a rendered body for one named endpoint (job data sits in Redis, so it names no URL or secret). */
export interface Delivery {
  endpoint: string;
  /** The rendered body (JSON for Slack, PagerDuty and webhooks, `{ body: markdown }` for GitHub). */
  body: unknown;
}

export interface DispatcherOptions {
  /** A Redis connection BullMQ may use (`maxRetriesPerRequest: null`). */
  connection: Redis;
  /** The endpoints deliveries name: their URLs and secrets live here, in memory, never in the queue. */
  endpoints: Record<string, Endpoint>;
  queueName?: string;
  /** BullMQ's key prefix (default `charter`). */
  prefix?: string;
  /** Delivery attempts before a job becomes a dead letter (default 5), with exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
  requestTimeoutMs?: number;
  /** Told of the worker's own errors (a lost Redis connection). */
  onError?: (error: Error) => void;
  /** Told of every failed delivery attempt; `deadLettered` once it will not be retried. */
  onFailed?: (failure: {
    id: string;
    endpoint: string;
    attempts: number;
    error: string;
    deadLettered: boolean;
  }) => void;
}

export interface DeadLetter {
  id: string;
  endpoint: string;
  channel: Channel | undefined;
  attempts: number;
  error: string;
}

/**
 * Delivers notifications through a BullMQ queue: each delivery is a job, POSTed as JSON to its endpoint (signed when
 * the endpoint has a secret, with its bearer token for GitHub, its routing key added for PagerDuty), retried with
 * exponential backoff on a network error or a non-2xx answer, and kept as a failed job — the dead-letter list — once
 * its attempts are spent. A job naming an endpoint this process does not know fails at once (configuration changed).
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

  /** Queues a delivery; `id` makes it idempotent (the same id is queued once while BullMQ keeps the job). */
  async enqueue(delivery: Delivery, id?: string): Promise<string> {
    const job = await this.queue.add(delivery.endpoint, delivery, {
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
    // An 'error' event without a listener would throw out of the worker.
    this.worker.on('error', (error) => this.options.onError?.(error));
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      this.options.onFailed?.({
        id: job.id!,
        endpoint: job.data.endpoint,
        attempts: job.attemptsMade,
        error: error.message,
        deadLettered: job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError',
      });
    });
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const failed = await this.queue.getFailed();
    return failed.map((job) => ({
      id: job.id!,
      endpoint: job.data.endpoint,
      channel: this.options.endpoints[job.data.endpoint]?.channel,
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
    const endpoint = this.options.endpoints[job.data.endpoint];
    if (!endpoint) throw new UnrecoverableError(`no endpoint named "${job.data.endpoint}" is configured`);
    await deliverNotification({
      name: job.data.endpoint,
      endpoint,
      body: job.data.body,
      id: job.id!,
      timeoutMs: this.options.requestTimeoutMs,
    });
  }
}
