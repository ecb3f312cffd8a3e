import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, Registry } from 'prom-client';

export interface RegistryWorkloadOptions {
  /** Where the workload's clients reach the registry (the fault proxy). */
  registryUrl: string;
  authorization?: string;
  /** The schema id every message is validated against (the subject's latest). */
  schemaId: number;
  ratePerSecond: number;
  retryEveryMs: number;
  deadLetterAfterMs: number;
  /** `?fetchMaxId=true` on each read: answered by PostgreSQL, never by the cache. */
  fetchMaxId?: boolean;
}

export interface WorkloadCounts {
  produced: number;
  processed: number;
  deadLettered: number;
  lost: number;
}

export interface WorkloadLedger extends WorkloadCounts {
  producedIds: string[];
  processedIds: string[];
  deadLetteredIds: string[];
  lostIds: string[];
  requests: { ok: number; failed: number };
}

/** The ledger of a workload's message ids: a message neither processed nor dead-lettered is lost. */
export function tallyLedger(
  produced: readonly string[],
  processed: ReadonlySet<string>,
  deadLettered: ReadonlySet<string>,
  requests: { ok: number; failed: number },
): WorkloadLedger {
  const lostIds = produced.filter((id) => !processed.has(id) && !deadLettered.has(id));
  return {
    produced: produced.length,
    processed: processed.size,
    deadLettered: deadLettered.size,
    lost: lostIds.length,
    producedIds: [...produced],
    processedIds: [...processed],
    deadLetteredIds: [...deadLettered],
    lostIds,
    requests: { ...requests },
  };
}

/**
 * The registry's clients in a drill: messages with ids, each validated by reading its schema from the registry (as a
 * producer's serializer does), retried while the registry fails, dead-lettered after `deadLetterAfterMs`. Every read
 * is recorded as the registry's clients saw it in the registry's own request metric
 * (`charter_registry_http_request_duration_seconds{method,route,status}`; a refused or dropped connection is a 503,
 * as a load balancer in front of the registry records it), served on the workload's own /metrics, so the platform
 * SLA's registry SLOs see what the clients see (ADR 0021).
 */
export class RegistryWorkload {
  private readonly metrics = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly pending = new Map<string, { since: number; inFlight: boolean }>();
  private readonly produced: string[] = [];
  private readonly processed = new Set<string>();
  private readonly deadLettered = new Set<string>();
  private readonly tally = { ok: 0, failed: 0 };
  private producer: NodeJS.Timeout | undefined;
  private retrier: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private sequence = 0;
  private lastOutcome: { ok: boolean; at: number } | undefined;

  constructor(private readonly options: RegistryWorkloadOptions) {
    this.requests = new Histogram({
      name: 'charter_registry_http_request_duration_seconds',
      help: 'Registry requests as the drill workload (its clients) saw them',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.metrics],
    });
  }

  /** Serves /metrics on an ephemeral port; returns its URL. */
  async serveMetrics(): Promise<string> {
    this.server = createServer(async (request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': this.metrics.contentType }).end(await this.metrics.metrics());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/metrics`;
  }

  start(): void {
    this.producer = setInterval(() => this.produce(), Math.max(1, Math.round(1000 / this.options.ratePerSecond)));
    this.retrier = setInterval(() => this.retryPending(), this.options.retryEveryMs);
  }

  /** Stops producing; the messages still pending keep being retried until `drain` settles them. */
  stopProducing(): void {
    if (this.producer) clearInterval(this.producer);
    this.producer = undefined;
  }

  /** Whether the most recent read succeeded (the clients see the registry again). */
  isHealthy(): boolean {
    return this.lastOutcome?.ok === true;
  }

  /** Stops producing and waits (up to `timeoutMs`) until every message is processed or dead-lettered. */
  async drain(timeoutMs: number): Promise<WorkloadLedger> {
    this.stopProducing();
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.ledger();
  }

  ledger(): WorkloadLedger {
    return tallyLedger(this.produced, this.processed, this.deadLettered, this.tally);
  }

  async close(): Promise<void> {
    this.stopProducing();
    if (this.retrier) clearInterval(this.retrier);
    this.retrier = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private produce(): void {
    this.sequence += 1;
    const id = `msg-${String(this.sequence).padStart(6, '0')}`;
    this.produced.push(id);
    this.pending.set(id, { since: Date.now(), inFlight: false });
    void this.attempt(id);
  }

  private retryPending(): void {
    for (const [id, state] of this.pending) if (!state.inFlight) void this.attempt(id);
  }

  private async attempt(id: string): Promise<void> {
    const state = this.pending.get(id);
    if (!state || state.inFlight) return;
    state.inFlight = true;
    const ok = await this.readSchema();
    state.inFlight = false;
    if (ok) {
      this.pending.delete(id);
      this.processed.add(id);
    } else if (Date.now() - state.since >= this.options.deadLetterAfterMs) {
      this.pending.delete(id);
      this.deadLettered.add(id);
    }
  }

  private async readSchema(): Promise<boolean> {
    const stop = this.requests.startTimer({ method: 'GET', route: '/schemas/ids/:id' });
    let status: number;
    try {
      const response = await fetch(
        `${this.options.registryUrl}/schemas/ids/${this.options.schemaId}${this.options.fetchMaxId ? '?fetchMaxId=true' : ''}`,
        {
          headers: this.options.authorization ? { authorization: this.options.authorization } : {},
          signal: AbortSignal.timeout(2_000),
        },
      );
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 503;
    }
    stop({ status: String(status) });
    const ok = status === 200;
    if (ok) this.tally.ok += 1;
    else this.tally.failed += 1;
    this.lastOutcome = { ok, at: Date.now() };
    return ok;
  }
}
