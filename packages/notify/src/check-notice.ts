/**
 * What a failed-check notification is about: a checkpoint or dbt check of a contract failed (an `error`-severity
 * check did not pass). Every string comes from the posted run or the stored contract.
 */
export interface CheckFailedNotice {
  /** The run id: PagerDuty's dedup key, and what makes a delivery unique. */
  key: string;
  contract: { id: string; version: string; team: string };
  kind: 'checkpoint' | 'dbt-check';
  source: { type: string; name: string };
  finishedAt: string;
  statistics: { evaluated: number; failed: number; successPercent: number };
  /** The failing checks, errors first (the sender picks the top ones); `observed` is already short text. */
  failures: Array<{
    id: string;
    severity: 'error' | 'warning';
    expectation: string;
    observed?: string;
    unexpectedCount?: number;
    unexpectedPercent?: number;
    message?: string;
  }>;
  /** Failing checks not in `failures`. */
  failuresLeftOut: number;
  /** The whole run (GET /checks/{runId}): every cut links here. */
  link: string;
}

/** What a drift notification is about: a field's window moved past its test's threshold against the baseline. */
export interface DriftNotice {
  /** The event id. */
  key: string;
  contract: { id: string; version?: string; team: string };
  source: string;
  field: string;
  test: string;
  statistic: number;
  threshold: number;
  window: { start: string; end: string; count: number };
  baseline: { windows: number; count: number };
  detectedAt: string;
  /** The contract's drift events. */
  link: string;
}
