import type { DriftTest } from './tests/evaluate-window';

/** A drifted field in one window: the body of the registry's `POST /drift-events`. */
export interface DriftEvent {
  event_id: string;
  contract: string;
  contract_version?: string;
  /** `kafka:<topic>` for a consumer, a dataset's name for a batch source. */
  source: string;
  field: string;
  test: DriftTest;
  statistic: number;
  threshold: number;
  window: { start: string; end: string; count: number };
  baseline: { windows: number; count: number };
  detected_at: string;
}
