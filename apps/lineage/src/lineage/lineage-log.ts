import {
  type AppliedEvent,
  applyLineageEvent,
  type LineageEvent,
  type LineageGraph,
  validateOpenLineageEvent,
} from '@charter/lineage-core';
import { findUnstorableText, isStoreTimeout, isStoreUnavailable } from '@charter/service-host';
import type { StoredEvent } from '../storage/lineage-event.repository';
import { LineageErrors } from './lineage.errors';

/** The log as LineageLog needs it (LineageEventRepository over PostgreSQL; an in-memory one in unit tests). */
export interface EventStore {
  /** Stores events in order in one write; per event, its id, or undefined when it was already stored. */
  appendMany(events: readonly LineageEvent[]): Promise<Array<bigint | undefined>>;
  /** Stored events with ids above `after` (and below `before`), in id order, at most a page. */
  readAfter(after: bigint, before: bigint | undefined): Promise<StoredEvent[]>;
}

/** At most this many events per write. */
const MAX_BATCH = 500;
/** Events waiting for a write beyond this are refused (503, retriable) rather than held without bound. */
const MAX_PENDING = 20_000;
/** Rows read from the log per query. */
const PAGE = 1_000;

export type IngestOutcome = AppliedEvent & { duplicate: boolean };

const DUPLICATE: IngestOutcome = {
  duplicate: true,
  builtLineage: false,
  edgesAdded: 0,
  edgesRemoved: 0,
  staleOutputs: [],
};

interface PendingEvent {
  event: LineageEvent;
  resolve(outcome: IngestOutcome): void;
  reject(error: unknown): void;
}

/** A batch this process stored, waiting to be applied: its events and what the log gave each (id or duplicate). */
interface WrittenBatch {
  batch: PendingEvent[];
  ids: Array<bigint | undefined>;
}

/**
 * The graph's way in: every accepted event is stored in the log, then applied, in log order (ids, which the log hands
 * out in commit order across replicas). So a restart that replays the log rebuilds the same graph, and replicas
 * sharing the log apply the same events in the same order, each following what the others store. Applying is
 * synchronous, so a query never sees half an event. An invalid event is refused with every violation and changes
 * nothing.
 */
export class LineageLog {
  private readonly pending: PendingEvent[] = [];
  private flushing = false;
  private stored = 0;
  /** The highest log id applied here, or stored here and queued in `written`. */
  private seen = 0n;
  /** Ranges of other replicas' events a write could not read (the database failed then): read on the next follow. */
  private readonly missed: Array<{ after: bigint; before: bigint }> = [];
  /** This process's stored batches, in id order, not yet applied. */
  private readonly written: WrittenBatch[] = [];
  /** Writes and follow-ups take turns, so `seen` only moves forward in log order. */
  private turn: Promise<unknown> = Promise.resolve();

  /**
   * @param onAccepted told of each event this process accepted, once it is stored and applied (not of duplicates,
   *   replays or what other replicas stored); synchronous, and what it throws is ignored.
   */
  constructor(
    private readonly graph: LineageGraph,
    private readonly repository: EventStore,
    private readonly maxEventBytes: number,
    private readonly onAccepted?: (event: LineageEvent) => void,
  ) {}

  /** Events applied: replayed at start, accepted here, and followed from other replicas. */
  get events(): number {
    return this.stored;
  }

  /** Replays the stored events (at start). */
  async rebuild(): Promise<{ events: number }> {
    const before = this.stored;
    await this.follow();
    return { events: this.stored - before };
  }

  /**
   * Applies what other replicas stored since the last look (every replica calls this on a timer when the log is
   * shared); returns how many events it applied.
   */
  follow(): Promise<number> {
    return this.inTurn(async () => {
      let applied = 0;
      while (this.missed.length > 0) {
        const range = this.missed[0]!;
        const rows = await this.repository.readAfter(range.after, range.before);
        for (const row of rows) {
          applied += this.applyStored(row);
          range.after = row.id;
        }
        if (rows.length < PAGE) this.missed.shift();
      }
      return applied + (await this.catchUp(undefined));
    });
  }

  /**
   * POST /api/v1/lineage. Events arriving while a write is in flight are stored together in the next one (a group
   * commit, in arrival order) and applied in that order once stored; each caller is answered after its event is both
   * stored and applied. The same event sent again (a retry) is a duplicate and changes nothing.
   */
  ingest(body: unknown): Promise<IngestOutcome> {
    const { event, violations } = validateOpenLineageEvent(body, { maxBytes: this.maxEventBytes });
    if (!event) return Promise.reject(LineageErrors.invalidEvent(violations));
    // A valid event may still hold text the log (PostgreSQL) cannot store (U+0000, an unpaired surrogate): refused here.
    const nul = findUnstorableText(body);
    if (nul !== undefined) {
      return Promise.reject(
        LineageErrors.invalidEvent([
          { path: nul, code: 'unstorable-text', message: 'strings must not hold U+0000 or an unpaired surrogate' },
        ]),
      );
    }
    if (this.pending.length >= MAX_PENDING) return Promise.reject(LineageErrors.busy(this.pending.length));
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      void this.flush();
    });
  }

  /**
   * Writes batches one at a time, in arrival order; while one is being written, the one written before it is applied.
   */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      let batch = this.pending.splice(0, MAX_BATCH);
      let writing = this.write(batch);
      while (batch.length > 0) {
        await writing;
        const next = this.pending.splice(0, MAX_BATCH);
        // Started before applying: the database works on the next batch while this process applies this one.
        writing = this.write(next);
        this.applyWritten();
        batch = next;
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Stores a batch (in turn). Anything other replicas stored before it (ids between what was seen and the batch's
   * first) is applied first, so this process applies the log in id order. On failure the callers get the error.
   */
  private write(batch: PendingEvent[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    return this.inTurn(async () => {
      let ids: Array<bigint | undefined>;
      try {
        ids = await this.repository.appendMany(batch.map(({ event }) => event));
      } catch (error) {
        // The store is down or slow: every caller retries. Anything else may be one event's fault: the rest go on.
        if (batch.length === 1 || isStoreUnavailable(error) || isStoreTimeout(error)) {
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        ({ batch, ids } = await this.appendOneByOne(batch));
      }
      const own = ids.filter((id): id is bigint => id !== undefined);
      if (own.length > 0) {
        // biome-ignore lint/complexity/useMathMinMax: ids are bigints, which Math.min does not take
        const first = own.reduce((low, id) => (id < low ? id : low));
        // Ids are contiguous unless another replica wrote in between (or a duplicate used an id up): then look.
        if (first > this.seen + 1n) {
          // If the look fails, the batch still counts (it is stored); the range is read on a later follow.
          await this.catchUp(first).catch(() => this.missed.push({ after: this.seen, before: first }));
        }
        // biome-ignore lint/complexity/useMathMinMax: ids are bigints, which Math.max does not take
        this.seen = own.reduce((high, id) => (id > high ? id : high), this.seen);
      }
      this.written.push({ batch, ids });
    });
  }

  /** Stores a batch event by event, in order: those that fail are refused, alone; the others are kept. */
  private async appendOneByOne(batch: PendingEvent[]): Promise<WrittenBatch> {
    const kept: WrittenBatch = { batch: [], ids: [] };
    for (const waiting of batch) {
      try {
        const [id] = await this.repository.appendMany([waiting.event]);
        kept.batch.push(waiting);
        kept.ids.push(id);
      } catch (error) {
        waiting.reject(error);
      }
    }
    return kept;
  }

  /** Applies this process's stored batches, in order; each caller gets its outcome. */
  private applyWritten(): void {
    for (let next = this.written.shift(); next; next = this.written.shift()) {
      for (const [index, waiting] of next.batch.entries()) {
        if (next.ids[index] === undefined) {
          waiting.resolve(DUPLICATE);
          continue;
        }
        this.stored++;
        // Applying a validated event does not fail; if it ever did, that caller gets the error and the rest go on.
        try {
          waiting.resolve({ duplicate: false, ...applyLineageEvent(this.graph, waiting.event) });
        } catch (error) {
          waiting.reject(error);
          continue;
        }
        try {
          this.onAccepted?.(waiting.event);
        } catch {
          // What is told of an accepted event never undoes or fails it.
        }
      }
    }
  }

  /** Reads and applies the log after `seen` (and below `before`), after this process's own queued batches. */
  private async catchUp(before: bigint | undefined): Promise<number> {
    let applied = 0;
    for (;;) {
      const rows = await this.repository.readAfter(this.seen, before);
      this.applyWritten();
      for (const row of rows) {
        applied += this.applyStored(row);
        this.seen = row.id;
      }
      if (rows.length < PAGE) return applied;
    }
  }

  private applyStored(row: StoredEvent): number {
    applyLineageEvent(this.graph, row.event);
    this.stored++;
    return 1;
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
