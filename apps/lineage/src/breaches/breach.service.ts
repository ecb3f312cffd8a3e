import type { DatasetContracts } from '@charter/enforcement';
import type { LineageEvent } from '@charter/lineage-core';
import type { Logger } from 'pino';
import type { BreachQuery, BreachRecord } from '../storage/contract-breach.repository';
import { findEventBreaches, type NewBreach } from './find-event-breaches';

/** The breaches table as BreachService needs it (ContractBreachRepository over PostgreSQL). */
export interface BreachStore {
  /** Records breaches (distinct fingerprints), each seen `seen` times; the ids of those seen for the first time. */
  record(breaches: ReadonlyArray<{ breach: NewBreach; seen: number }>): Promise<Map<string, bigint>>;
  find(query: BreachQuery): Promise<BreachRecord[]>;
}

/** Who hears about a new breach (BreachNotifier, when notifications are configured). */
export interface BreachListener {
  notify(breach: NewBreach): Promise<void>;
}

/** Breaches waiting to be written beyond this are dropped (counted in the log) rather than held without bound. */
const MAX_PENDING = 10_000;
/** At most this many breaches per write. */
const MAX_BATCH = 200;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * Contract breaches: the events this replica accepts are checked against the contracts governing their datasets
 * (synchronously, after the event is stored and applied; an ungoverned dataset costs a map lookup), and what breaks a
 * contract is written in the background — the same breach queued again only counts — so an ingest never waits for,
 * or fails because of, a breach. A write that fails is retried with backoff; a breach seen for the first time is
 * sent to the contract's owners.
 */
export class BreachService {
  private readonly pending = new Map<string, { breach: NewBreach; seen: number }>();
  private writing: Promise<void> | undefined;
  private closing = false;
  private wake: (() => void) | undefined;
  private dropped = 0;

  constructor(
    private readonly contracts: DatasetContracts,
    private readonly store: BreachStore,
    private readonly listener: BreachListener | undefined,
    private readonly logger: Logger,
  ) {}

  /** Checks an event this replica accepted; queues what breaks a contract. Never throws. */
  inspect(event: LineageEvent): void {
    let found: NewBreach[];
    try {
      found = findEventBreaches(event, this.contracts);
    } catch (error) {
      this.logger.error({ event: 'breach.check.failed', err: error }, 'contract-field check failed');
      return;
    }
    if (found.length === 0) return;
    for (const breach of found) {
      const queued = this.pending.get(breach.fingerprint);
      if (queued) queued.seen++;
      else if (this.pending.size < MAX_PENDING) this.pending.set(breach.fingerprint, { breach, seen: 1 });
      else this.dropped++;
    }
    this.writing ??= this.writeAll();
  }

  /** GET /api/v1/breaches (and a dataset's): newest first; `next` continues with older breaches. */
  async find(query: BreachQuery): Promise<{ breaches: BreachRecord[]; next: string | null }> {
    const breaches = await this.store.find(query);
    return { breaches, next: breaches.length === query.limit ? breaches.at(-1)!.id : null };
  }

  /** Writes what is queued, then stops retrying (at shutdown): a write failing now drops the rest, logged. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.writing;
  }

  /** Until nothing is queued (test and shutdown helpers wait on this). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    let delay = RETRY_MIN_MS;
    try {
      while (this.pending.size > 0) {
        if (this.dropped > 0) {
          this.logger.warn({ event: 'breach.dropped', dropped: this.dropped }, 'breaches dropped: too many waiting');
          this.dropped = 0;
        }
        const batch = [...this.pending.values()].slice(0, MAX_BATCH).map((entry) => ({ entry, seen: entry.seen }));
        let created: Map<string, bigint>;
        try {
          created = await this.store.record(batch.map(({ entry, seen }) => ({ breach: entry.breach, seen })));
        } catch (error) {
          if (this.closing) {
            this.logger.error(
              { event: 'breach.lost', breaches: this.pending.size, error: (error as Error).message },
              'breaches not recorded at shutdown',
            );
            this.pending.clear();
            return;
          }
          this.logger.warn(
            {
              event: 'breach.write.failed',
              breaches: this.pending.size,
              error: (error as Error).message,
              retryMs: delay,
            },
            'breaches not recorded yet; retrying',
          );
          await this.sleep(delay);
          delay = Math.min(delay * 2, RETRY_MAX_MS);
          continue;
        }
        delay = RETRY_MIN_MS;
        // Seen again while being written: what is left counts on the next write.
        for (const { entry, seen } of batch) {
          entry.seen -= seen;
          if (entry.seen === 0) this.pending.delete(entry.breach.fingerprint);
        }
        const fresh = batch
          .filter(({ entry }) => created.has(entry.breach.fingerprint))
          .map(({ entry }) => entry.breach);
        for (const breach of fresh) {
          this.logger.info(
            {
              event: 'breach.recorded',
              id: created.get(breach.fingerprint)!.toString(),
              contract: breach.contract.id,
              dataset: breach.dataset,
              job: breach.job,
              runId: breach.runId,
              problems: breach.problems.length,
            },
            'contract breach recorded',
          );
        }
        if (this.listener) await Promise.all(fresh.map((breach) => this.listener!.notify(breach)));
      }
    } finally {
      this.writing = undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
