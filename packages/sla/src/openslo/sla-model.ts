import type { OpenSloDocument } from './openslo-schemas';

export type ComparisonOperator = 'lte' | 'gte' | 'lt' | 'gt';

/** A Prometheus query of an SLI, with its `{{.window}}` placeholder kept; compiled per window by the evaluator. */
export interface SlaQuery {
  query: string;
}

export type SlaIndicator =
  | { name: string; kind: 'threshold'; query: SlaQuery }
  | {
      name: string;
      kind: 'ratio';
      counter: boolean;
      /** good/total, bad/total, or a precomputed ratio of successes or failures. */
      good?: SlaQuery;
      bad?: SlaQuery;
      total?: SlaQuery;
      raw?: SlaQuery;
      rawType?: 'success' | 'failure';
    };

export interface SlaObjective {
  /** `displayName`, else `objective-<n>`. */
  name: string;
  /** The share of good events or slices the SLO promises, in [0, 1) (`targetPercent` is divided by 100). */
  target: number;
  op?: ComparisonOperator;
  value?: number;
  timeSliceTarget?: number;
  timeSliceWindowMilliseconds?: number;
}

/** A burn-rate alert: both the long (lookback) and the short window must burn at `op threshold`. */
export interface SlaAlert {
  policy: string;
  condition: string;
  severity: string;
  op: ComparisonOperator;
  threshold: number;
  lookbackMilliseconds: number;
  shortWindowMilliseconds: number;
  alertAfterMilliseconds: number;
  notificationTargets: Array<{ name: string; target: string }>;
  alertWhenBreaching: boolean;
  alertWhenResolved: boolean;
  alertWhenNoData: boolean;
}

export interface SlaObjectiveModel {
  name: string;
  displayName?: string;
  service: string;
  description?: string;
  labels: Record<string, string | string[]>;
  indicator: SlaIndicator;
  budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
  windowMilliseconds: number;
  objectives: SlaObjective[];
  alerts: SlaAlert[];
}

/** Time to detect and to recover promised for incidents of one severity. */
export interface SeverityTargets {
  timeToDetectMilliseconds: number;
  timeToRecoverMilliseconds: number;
}

/** A validated SLA file, resolved: every reference followed, every duration in milliseconds. */
export interface Sla {
  services: Array<{ name: string; displayName?: string; description?: string }>;
  slos: SlaObjectiveModel[];
  /** Per severity (e.g. `SEV-1`), from the AlertPolicies' Charter annotations. */
  severities: Record<string, SeverityTargets>;
  documents: OpenSloDocument[];
}

/** Every query of an indicator, by role. */
export function queriesOf(indicator: SlaIndicator): Array<{ role: string; query: SlaQuery }> {
  if (indicator.kind === 'threshold') return [{ role: 'threshold', query: indicator.query }];
  const roles = ['good', 'bad', 'total', 'raw'] as const;
  return roles.flatMap((role) => (indicator[role] ? [{ role, query: indicator[role] }] : []));
}
