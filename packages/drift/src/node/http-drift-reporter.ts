import type { DriftEvent } from '../drift-event';

export interface HttpDriftReporterOptions {
  /** The registry's base URL: events go to `<url>/drift-events`. */
  url: string;
  /** e.g. the Authorization header of the service's API key. */
  headers?: Record<string, string>;
  /** Events waiting to be sent; past it the oldest is dropped (and counted). 1 000 unless said. */
  maxQueue?: number;
  /** Tries after the first for a failed post (network error, 408, 429, 5xx). 3 unless said. */
  retries?: number;
  /** The first retry's delay, doubled each time. 200 ms unless said. */
  backoffMs?: number;
  /** One post's timeout. 5 s unless said. */
  timeoutMs?: number;
  /** An event the registry took (201, or 200 for one it already held). */
  onSent?(event: DriftEvent): void;
  /** An event given up on: refused by the registry, out of retries, or dropped from a full queue. */
  onGiveUp?(failure: { event: DriftEvent; reason: string }): void;
}

export interface DriftReporterStats {
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
}

/**
 * Sends drift events to the registry's `POST /drift-events`, fire and forget: `report` only queues (it never blocks
 * or throws), one post is in flight at a time, failures are retried with backoff a bounded number of times, and a
 * full queue drops its oldest event. The registry is idempotent on `event_id`, so a retried post is never counted
 * twice.
 */
export class HttpDriftReporter {
  private readonly queue: DriftEvent[] = [];
  private readonly counts = { sent: 0, failed: 0, dropped: 0 };
  private pumping: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: HttpDriftReporterOptions) {}

  get stats(): DriftReporterStats {
    return { ...this.counts, queued: this.queue.length };
  }

  report(event: DriftEvent): void {
    if (this.closed) return;
    this.queue.push(event);
    if (this.queue.length > (this.options.maxQueue ?? 1_000)) {
      const dropped = this.queue.shift()!;
      this.counts.dropped++;
      this.options.onGiveUp?.({ event: dropped, reason: 'queue full' });
    }
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /** Resolves once every queued event is sent or given up on. */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Stops sending: what is queued is dropped once the post in flight settles. */
  async close(): Promise<void> {
    this.closed = true;
    this.counts.dropped += this.queue.length;
    this.queue.length = 0;
    await this.flush();
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      // The event in flight leaves the queue: a full queue drops only events not yet tried.
      const event = this.queue.shift()!;
      const outcome = await this.send(event);
      if (outcome === 'sent') {
        this.counts.sent++;
        this.options.onSent?.(event);
      } else {
        this.counts.failed++;
        this.options.onGiveUp?.({ event, reason: outcome });
      }
    }
  }

  /** 'sent', or why it was given up on. */
  private async send(event: DriftEvent): Promise<string> {
    const retries = this.options.retries ?? 3;
    let reason = '';
    for (let attempt = 0; attempt <= retries && !this.closed; attempt++) {
      if (attempt > 0) await sleep((this.options.backoffMs ?? 200) * 2 ** (attempt - 1));
      try {
        const response = await fetch(`${this.options.url.replace(/\/+$/, '')}/drift-events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...this.options.headers },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return 'sent';
        reason = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 408 && response.status !== 429) return reason;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    return reason || 'closed';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
