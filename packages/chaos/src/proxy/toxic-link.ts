import type { Socket } from 'node:net';
import type { ToxicDefinition, ToxicStream } from '../toxics/toxic-definition';
import { TOXIC_FACTORIES } from '../toxics/toxic-factories';
import type { Chunk, ToxicRunner } from '../toxics/toxic-runner';

/** Chunks waiting before the source is paused, and the level at which it reads again. */
const HIGH_WATER = 64;
const LOW_WATER = 16;
const END = Symbol('end');

/** What a link may ask of the connection it belongs to. */
export interface LinkOwner {
  /** The source ended and everything before its end was written to the destination. */
  sourceEnded(link: ToxicLink): void;
  close(): void;
  reset(): void;
}

export interface ToxicLinkOptions {
  source: Socket;
  destination: Socket;
  stream: ToxicStream;
  /** The proxy's current toxics for this stream, in the order they were added. */
  toxics: () => readonly ToxicDefinition[];
  owner: LinkOwner;
  random: () => number;
}

interface RunningToxic {
  definition: ToxicDefinition;
  /** null: the toxicity roll said this connection is spared. */
  runner: ToxicRunner | null;
  abort: AbortController;
}

/**
 * One direction of one proxied connection: reads the source, runs each chunk through the toxics in order, writes the
 * destination. Toxics added, updated or removed while the connection is open take effect on its next chunk, as in
 * Toxiproxy; the toxicity roll happens once per connection and toxic (again after an update).
 */
export class ToxicLink {
  private readonly queue: Array<Chunk | typeof END> = [];
  private wake: (() => void) | undefined;
  private readonly running = new Map<string, RunningToxic>();
  private readonly states = new Map<string, Record<string, number>>();
  private stopped = false;
  /** The worker holds a chunk (a toxic may be sleeping on it): later chunks must queue behind it. */
  private busy = false;

  constructor(private readonly options: ToxicLinkOptions) {}

  get destination(): Socket {
    return this.options.destination;
  }

  start(): void {
    const { source } = this.options;
    source.on('data', (data: Buffer) => {
      if (this.canWriteDirectly()) {
        this.writeDirectly(data);
        return;
      }
      this.push({ data, timestamp: performance.now() });
      if (this.queue.length >= HIGH_WATER) source.pause();
    });
    source.once('end', () => this.push(END));
    source.on('error', () => this.push(END));
    this.syncToxics();
    void this.run();
  }

  /** Brings the running toxics in line with the proxy's list (called after every change to it). */
  syncToxics(): void {
    if (this.stopped) return;
    const wanted = this.options.toxics();
    const names = new Set(wanted.map((toxic) => toxic.name));
    for (const [name, running] of this.running) {
      if (names.has(name)) continue;
      this.running.delete(name);
      this.states.delete(name);
      running.abort.abort();
      running.runner?.dispose?.(true);
    }
    for (const definition of wanted) {
      const current = this.running.get(definition.name);
      if (current?.definition === definition) continue;
      if (current) {
        current.abort.abort();
        current.runner?.dispose?.(false);
      }
      this.running.set(definition.name, this.startToxic(definition));
    }
  }

  /** Stops reading and running toxics; pending chunks are dropped. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    for (const running of this.running.values()) {
      running.abort.abort();
      running.runner?.dispose?.(false);
    }
    this.running.clear();
    this.wake?.();
  }

  private startToxic(definition: ToxicDefinition): RunningToxic {
    const abort = new AbortController();
    const { owner, random } = this.options;
    if (random() >= definition.toxicity) return { definition, runner: null, abort };
    let state = this.states.get(definition.name);
    if (!state) {
      state = {};
      this.states.set(definition.name, state);
    }
    const runner = TOXIC_FACTORIES[definition.type]({
      attributes: definition.attributes,
      signal: abort.signal,
      state,
      close: () => owner.close(),
      reset: () => owner.reset(),
      random,
    });
    return { definition, runner, abort };
  }

  /** No toxic on this stream and nothing waiting: a chunk can go straight to the destination, in order. */
  private canWriteDirectly(): boolean {
    return !this.busy && this.queue.length === 0 && this.options.toxics().length === 0;
  }

  private writeDirectly(data: Buffer): void {
    const { source, destination } = this.options;
    if (this.stopped || destination.destroyed || destination.writableEnded) return;
    if (destination.write(data)) return;
    source.pause();
    destination.once('drain', () => {
      if (!this.busy) source.resume();
    });
  }

  private push(item: Chunk | typeof END): void {
    if (this.stopped) return;
    this.queue.push(item);
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { source } = this.options;
    while (!this.stopped) {
      const item = this.queue.shift();
      if (item === undefined) {
        this.busy = false;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      this.busy = true;
      if (source.isPaused() && this.queue.length <= LOW_WATER) source.resume();
      const runners = this.options
        .toxics()
        .map((toxic) => this.running.get(toxic.name)?.runner)
        .filter((runner): runner is ToxicRunner => !!runner);
      if (item === END) {
        for (const runner of runners) await runner.end?.();
        if (!this.stopped) this.options.owner.sourceEnded(this);
        return;
      }
      await this.pass(runners, 0, item);
    }
  }

  private async pass(runners: ToxicRunner[], index: number, chunk: Chunk): Promise<void> {
    if (this.stopped) return;
    const runner = runners[index];
    if (!runner) return this.write(chunk);
    await runner.pipe(chunk, (next) => this.pass(runners, index + 1, next));
  }

  private async write(chunk: Chunk): Promise<void> {
    const { destination } = this.options;
    if (destination.destroyed || destination.writableEnded) return;
    if (destination.write(chunk.data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        destination.off('drain', done);
        destination.off('close', done);
        resolve();
      };
      destination.on('drain', done);
      destination.on('close', done);
    });
  }
}
