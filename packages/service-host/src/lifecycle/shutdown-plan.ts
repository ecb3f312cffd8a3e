/** One step of closing a service: a name for the log, and the work. */
interface ShutdownStep {
  name: string;
  run(): Promise<void> | void;
}

/**
 * The order a service closes in (stop taking requests, drain, stop background work, close connections), run once.
 * Steps run one after another; a failing step is remembered and the rest still run. While it runs, `pending` says
 * which steps have not finished: what a shutdown deadline abandons.
 */
export class ShutdownPlan {
  private readonly steps: ShutdownStep[] = [];
  private readonly unfinished = new Set<string>();
  private running: Promise<void> | undefined;

  /** Adds a step after the ones already added. */
  add(name: string, run: ShutdownStep['run']): this {
    this.steps.push({ name, run });
    return this;
  }

  /** Steps not yet finished (all of them before `run`). */
  get pending(): string[] {
    return this.running ? [...this.unfinished] : this.steps.map((step) => step.name);
  }

  /** Runs the steps in order (once; later calls wait for the first); rejects with the first failure, at the end. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps) this.unfinished.add(step.name);
      let failure: unknown;
      for (const step of this.steps) {
        try {
          await step.run();
        } catch (error) {
          failure ??= new Error(`shutdown step '${step.name}' failed`, { cause: error });
        }
        this.unfinished.delete(step.name);
      }
      if (failure) throw failure;
    })();
    return this.running;
  }
}
