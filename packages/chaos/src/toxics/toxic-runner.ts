import type { ToxicAttributes } from './toxic-definition';

/** Bytes read from one side, and when (performance.now(), ms): latency counts from the moment data arrived. */
export interface Chunk {
  data: Buffer;
  timestamp: number;
}

/** Hands a chunk to the next toxic in the chain (or the destination socket); resolves once it has gone on. */
export type Emit = (chunk: Chunk) => Promise<void>;

/** What a toxic may do to the one connection direction it runs on. */
export interface ToxicContext {
  attributes: ToxicAttributes;
  /** Aborted when the toxic is removed or updated: sleeps end at once and data held is passed on. */
  signal: AbortSignal;
  /** Per connection and toxic; survives updates (limit_data counts bytes already sent). */
  state: Record<string, number>;
  /** Closes the connection (both sides) once what was emitted is written. */
  close(): void;
  /** Resets the connection: both sides see a TCP RST. */
  reset(): void;
  random(): number;
}

/** One toxic running on one connection direction. `pipe` is called for each chunk, in order. */
export interface ToxicRunner {
  pipe(chunk: Chunk, emit: Emit): Promise<void>;
  /** Called when the source has ended, before the end is passed on; resolves when it may go on. */
  end?(): Promise<void>;
  /** Called when the toxic leaves this connection; `removed` is false when it is replaced by an update. */
  dispose?(removed: boolean): void;
}

export type ToxicFactory = (context: ToxicContext) => ToxicRunner;

/** Waits `ms` unless `signal` aborts first; says whether the full time passed. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    // Node fires a timer longer than 2^31 - 1 ms after 1 ms: an endless wait has no timer at all.
    const timer = Number.isFinite(ms)
      ? setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        }, ms)
      : undefined;
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
