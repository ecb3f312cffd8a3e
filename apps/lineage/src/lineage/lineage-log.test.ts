import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLineageGraph, type LineageEvent } from '@charter/lineage-core';
import type { StoredEvent } from '../storage/lineage-event.repository';
import { type EventStore, LineageLog } from './lineage-log';

const SAMPLE_FLOW: Array<Record<string, unknown>> = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../../contracts/lineage/sample-flow.json'), 'utf8'),
);

/** The sample flow's first run event as run `n` (a distinct event: its own runId and time). */
function runEvent(n: number): Record<string, unknown> {
  const event = structuredClone(SAMPLE_FLOW[0]!);
  (event.run as { runId: string }).runId = `5a3c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  event.eventTime = new Date(Date.UTC(2026, 11, 1, 8, 0, n)).toISOString();
  return event;
}

const storeFailure = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * The log's table in memory, shared by the replicas built on it: ids in commit order, a duplicate (same text) stored
 * once, and, as PostgreSQL's sequence does, an id used up by a duplicate that was not stored.
 */
class MemoryEventStore implements EventStore {
  readonly rows: Array<{ id: bigint; text: string }> = [];
  /** Sizes of the appendMany calls, in order. */
  readonly appends: number[] = [];
  readonly reads: Array<{ after: bigint; before: bigint | undefined }> = [];
  private nextId = 1n;
  /** Holds every write until released (a slow database). */
  gate: Promise<void> | undefined;
  /** Decides whether a write (given its events) fails, and how. */
  failAppend: ((events: readonly LineageEvent[]) => Error | undefined) | undefined;
  /** The next `failReads` reads fail (the database went away). */
  failReads = 0;

  async appendMany(events: readonly LineageEvent[]): Promise<Array<bigint | undefined>> {
    this.appends.push(events.length);
    await this.gate;
    const failure = this.failAppend?.(events);
    if (failure) throw failure;
    return events.map((event) => {
      const text = JSON.stringify(event);
      const id = this.nextId++;
      if (this.rows.some((row) => row.text === text)) return undefined;
      this.rows.push({ id, text });
      return id;
    });
  }

  async readAfter(after: bigint, before: bigint | undefined): Promise<StoredEvent[]> {
    this.reads.push({ after, before });
    if (this.failReads > 0) {
      this.failReads--;
      throw storeFailure();
    }
    return this.rows
      .filter((row) => row.id > after && (before === undefined || row.id < before))
      .slice(0, 1_000)
      .map((row) => ({ id: row.id, event: JSON.parse(row.text) as LineageEvent }));
  }
}

function replica(store: EventStore) {
  const graph = createLineageGraph();
  return { graph, log: new LineageLog(graph, store, 2 * 1024 * 1024) };
}

const release = () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
};

describe('LineageLog', () => {
  it('stores events that arrive during a write together in the next one (a group commit), in arrival order', async () => {
    const store = new MemoryEventStore();
    const { log } = replica(store);
    const slow = release();
    store.gate = slow.gate;
    const first = log.ingest(runEvent(0));
    const rest = Array.from({ length: 49 }, (_, n) => log.ingest(runEvent(n + 1)));
    slow.open();
    const outcomes = await Promise.all([first, ...rest]);
    expect(store.appends).toEqual([1, 49]);
    expect(outcomes.every((outcome) => !outcome.duplicate)).toBe(true);
    const runIds = store.rows.map((row) => (JSON.parse(row.text) as { run: { runId: string } }).run.runId);
    expect(runIds).toEqual(Array.from({ length: 50 }, (_, n) => (runEvent(n).run as { runId: string }).runId));
    expect(log.events).toBe(50);
  });

  it('answers a retried event as a duplicate and applies it once', async () => {
    const store = new MemoryEventStore();
    const { log, graph } = replica(store);
    expect((await log.ingest(runEvent(1))).duplicate).toBe(false);
    const nodes = graph.order;
    expect(await log.ingest(runEvent(1))).toMatchObject({ duplicate: true, edgesAdded: 0 });
    expect(log.events).toBe(1);
    expect(graph.order).toBe(nodes);
  });

  it('refuses an invalid event with its violations and never writes it', async () => {
    const store = new MemoryEventStore();
    const { log } = replica(store);
    await expect(log.ingest({ eventType: 'START' })).rejects.toMatchObject({ code: 'invalid-event' });
    await expect(log.ingest({ ...runEvent(1), job: { namespace: 'x', name: 'a\u0000b' } })).rejects.toMatchObject({
      code: 'invalid-event',
    });
    expect(store.appends).toEqual([]);
  });

  it('tells its listener of each event it accepted once stored and applied: not duplicates, replays or followed ones', async () => {
    const store = new MemoryEventStore();
    const told: string[] = [];
    const graph = createLineageGraph();
    const log = new LineageLog(graph, store, 2 * 1024 * 1024, (event) => {
      told.push((event as { run: { runId: string } }).run.runId);
      expect(graph.order).toBeGreaterThan(0);
      throw new Error('a listener that fails changes nothing');
    });
    expect((await log.ingest(runEvent(1))).duplicate).toBe(false);
    expect((await log.ingest(runEvent(1))).duplicate).toBe(true);
    await Promise.all([log.ingest(runEvent(2)), log.ingest(runEvent(3))]);
    const other = replica(store);
    await other.log.ingest(runEvent(4));
    expect(await log.follow()).toBe(1);
    expect(told).toEqual([1, 2, 3].map((n) => (runEvent(n).run as { runId: string }).runId));
  });

  it('rebuilds the same graph from the stored log, and a replica follows what another stored', async () => {
    const store = new MemoryEventStore();
    const writer = replica(store);
    for (const event of SAMPLE_FLOW) await writer.log.ingest(event);
    const restarted = replica(store);
    expect(await restarted.log.rebuild()).toEqual({ events: SAMPLE_FLOW.length });
    expect(restarted.graph.order).toBe(writer.graph.order);
    expect(restarted.graph.size).toBe(writer.graph.size);

    await writer.log.ingest(runEvent(100));
    expect(await restarted.log.follow()).toBe(1);
    expect(await restarted.log.follow()).toBe(0);
    expect(restarted.log.events).toBe(writer.log.events);
  });

  it('applies another replica’s events that landed before its own write first (a gap in its ids), in id order', async () => {
    const store = new MemoryEventStore();
    const a = replica(store);
    const b = replica(store);
    await a.log.ingest(runEvent(1));
    await a.log.ingest(runEvent(2));
    // b has seen nothing; its write gets id 3, so it reads ids 1–2 (below its own) before applying its event.
    await b.log.ingest(runEvent(3));
    expect(store.reads.at(-1)).toEqual({ after: 0n, before: 3n });
    expect(b.log.events).toBe(3);
    expect(await b.log.follow()).toBe(0);
  });

  it('keeps a range it could not read when the database failed, and reads it on the next follow', async () => {
    const store = new MemoryEventStore();
    const a = replica(store);
    const b = replica(store);
    await a.log.ingest(runEvent(1));
    store.failReads = 1;
    // Stored, so answered; the gap (id 1, another replica's) could not be read now.
    expect((await b.log.ingest(runEvent(2))).duplicate).toBe(false);
    expect(b.log.events).toBe(1);
    expect(await b.log.follow()).toBe(1);
    expect(b.log.events).toBe(2);
  });

  it('fails every caller of a batch when the store is down, and nothing is applied', async () => {
    const store = new MemoryEventStore();
    const { log } = replica(store);
    const slow = release();
    store.gate = slow.gate;
    store.failAppend = () => storeFailure();
    const waiting = [log.ingest(runEvent(1)), log.ingest(runEvent(2)), log.ingest(runEvent(3))];
    slow.open();
    const results = await Promise.allSettled(waiting);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(log.events).toBe(0);
    store.failAppend = undefined;
    expect((await log.ingest(runEvent(1))).duplicate).toBe(false);
  });

  it('when one event of a batch cannot be stored, refuses it alone and keeps the others', async () => {
    const store = new MemoryEventStore();
    const { log } = replica(store);
    const slow = release();
    store.gate = slow.gate;
    const unstorable = Object.assign(new Error('value out of range'), { code: '22003' });
    const poisoned = (runEvent(2).run as { runId: string }).runId;
    store.failAppend = (events) =>
      events.some((event) => event.kind === 'run' && event.run.runId === poisoned) ? unstorable : undefined;
    const first = log.ingest(runEvent(0));
    const batch = [log.ingest(runEvent(1)), log.ingest(runEvent(2)), log.ingest(runEvent(3))];
    slow.open();
    await first;
    const results = await Promise.allSettled(batch);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.appends).toEqual([1, 3, 1, 1, 1]);
    expect(log.events).toBe(3);
  });
});
