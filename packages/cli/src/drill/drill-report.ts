/** One hypothesis of a drill and whether it held. */
export interface HypothesisResult {
  name: string;
  held: boolean;
  detail: string;
}

/** What `charter drill --json` prints; exit 0 only when `status` is `passed`. */
export interface DrillReport {
  scenario: string;
  title: string;
  status: 'passed' | 'failed' | 'not-detected' | 'steady-state-failed' | 'aborted' | 'timed-out';
  timeScale: number;
  startedAt: string;
  finishedAt?: string;
  faultAt?: string;
  detection?: {
    slo: string;
    policy: string;
    severity: string;
    burnRate: { long: number | undefined; short: number | undefined };
    detectedAt: string;
    mttdMs: number;
    /** The SLA's time to detect for the severity, ÷ timeScale. */
    timeToDetectMs?: number;
    timeToRecoverMs?: number;
  };
  recovery?: { recoveredAt: string; mttrMs: number };
  /** A fault absorbed by design (detection `absorbed`): held this long; what fired meanwhile (nothing, to pass). */
  absorbed?: { holdMs: number; alertsFired: string[]; cacheMisses?: number };
  incident?: { id: string; closedAs: string };
  runStatus?: string;
  stages: Array<{ name: string; enteredAt: string; leftAt?: string; outcome?: string }>;
  hypotheses: HypothesisResult[];
  counts?: {
    produced: number;
    processed: number;
    deadLettered: number;
    lost: number;
    requests: { ok: number; failed: number };
  };
  messageIds?: { produced: string[]; processed: string[]; deadLettered: string[]; lost: string[] };
  /**
   * Per SLO: the share of the scaled window's error budget the drill burned (`consumed`, the evaluator's `burned`),
   * the scaled window and how much of it the drill observed.
   */
  budgets?: Array<{
    slo: string;
    target: number;
    consumed: number | undefined;
    windowMs: number;
    observedMs: number | undefined;
  }>;
  notifications: Array<{ channel: string; event: string; at: string }>;
  postmortem?: string;
}

/** 0 passed; 1 a hypothesis failed (or the fault went undetected); 130 interrupted (Ctrl-C). */
export function exitCodeOf(report: DrillReport): number {
  if (report.status === 'passed') return 0;
  if (report.status === 'aborted') return 130;
  return 1;
}
