/** What one dependency says: `up`/`down`, or an app's own word for a degraded state (e.g. `redis-down`). */
export type DependencyState = string;

export interface DependencyCheck {
  /** The key in the report, e.g. `database`. */
  name: string;
  /** Resolves to the dependency's state; a rejection or a timeout reads as `down`. */
  check(): Promise<DependencyState> | DependencyState;
  /** Whether the service can serve without it: a down critical dependency makes the service unavailable. */
  critical: boolean;
  /** The state that means serving (for critical checks); `up` unless said. */
  healthy?: readonly DependencyState[];
}

export interface ReadinessWarning {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export type ReadinessReport = {
  status: 'ready' | 'unavailable' | 'stopping';
  warnings?: ReadinessWarning[];
} & Record<string, unknown>;

/** A check that hangs reads as down after this long: a probe must answer while the database does not. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Ready means: every critical dependency answers and the process is not shutting down. Non-critical ones are
 * reported (degraded) without failing the probe.
 */
export class Readiness {
  private isStopping = false;
  private readonly warnings: ReadinessWarning[] = [];

  /** @param timeoutMs how long a check may take before it reads as down (2 s unless said). */
  constructor(
    private readonly checks: readonly DependencyCheck[],
    private readonly timeoutMs = CHECK_TIMEOUT_MS,
  ) {}

  /** Something an operator should know that does not stop serving. */
  warn(warning: ReadinessWarning): void {
    this.warnings.push(warning);
  }

  markStopping(): void {
    this.isStopping = true;
  }

  get stopping(): boolean {
    return this.isStopping;
  }

  async check(): Promise<ReadinessReport> {
    const states = await Promise.all(this.checks.map((dependency) => stateOf(dependency, this.timeoutMs)));
    let serving = true;
    const report: Record<string, unknown> = {};
    this.checks.forEach((dependency, index) => {
      const state = states[index]!;
      report[dependency.name] = state;
      if (dependency.critical && !(dependency.healthy ?? ['up']).includes(state)) serving = false;
    });
    const status = this.isStopping ? 'stopping' : serving ? 'ready' : 'unavailable';
    return { status, ...report, ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}) };
  }
}

async function stateOf(dependency: DependencyCheck, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.resolve().then(() => dependency.check()), timeout]);
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
