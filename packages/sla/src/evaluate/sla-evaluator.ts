import type { SampleSource } from '../metrics/metric-history';
import type {
  ComparisonOperator,
  Sla,
  SlaAlert,
  SlaObjective,
  SlaObjectiveModel,
  SlaQuery,
} from '../openslo/sla-model';
import { compilePromql, renderQuery } from '../promql/compile-promql';
import { evaluatePromql, singleValueOf } from '../promql/evaluate-promql';
import type { PromqlExpression } from '../promql/promql-expression';

export interface SlaEvaluatorOptions {
  sla: Sla;
  source: SampleSource;
  /**
   * Every duration of the SLA (SLO windows, time slices, burn-rate windows, alertAfter) is multiplied by this: 1 in
   * production; e.g. 1/720 in a drill, where an hour lasts 5 seconds. The logic is the same at every scale.
   */
  windowScale?: number;
}

/** An SLI over one rolling window: the share of good events (ratio) or of good time slices. */
export interface SliWindowValue {
  windowMilliseconds: number;
  /** `undefined`: no data in the window. */
  value: number | undefined;
}

export interface SliStatus {
  slo: string;
  objective: string;
  indicator: string;
  /** Over the SLO's window, then each burn-rate window its alerts use (scaled). */
  windows: SliWindowValue[];
  /** A thresholdMetric's value in the latest complete time slice (e.g. the p99 in seconds). */
  latest?: number;
}

export interface BudgetStatus {
  slo: string;
  objective: string;
  target: number;
  windowMilliseconds: number;
  /** The share of bad events (or slices) over the SLO window; `undefined` without data. */
  errorRatio: number | undefined;
  /**
   * Budget spent at the rate seen so far: errorRatio ÷ (1 − target); 1 means all of it. Over a window the data does
   * not cover yet, it extrapolates the data to the whole window (as the Prometheus rules do).
   */
  consumed: number | undefined;
  /** 1 − consumed: negative once the SLO is broken. */
  remaining: number | undefined;
  /** How much of the window the data covers (now − the first scrape, at most the window). */
  observedMilliseconds: number | undefined;
  /**
   * The share of the whole window's error budget the bad events (or slices) seen so far used up, taking the window's
   * traffic to go on as observed and the time not observed to be good: errorRatio × observed ÷ window ÷ (1 − target).
   * Equals `consumed` once the data covers the window; what a drill, much shorter than its scaled window, burned.
   */
  burned: number | undefined;
}

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface AlertStatus {
  slo: string;
  objective: string;
  policy: string;
  condition: string;
  severity: string;
  state: AlertState;
  op: ComparisonOperator;
  threshold: number;
  /** Burn rates (error ratio ÷ error budget) over the long (lookback) and the short window. */
  burnRate: { long: number | undefined; short: number | undefined };
  /** When the condition began to hold (both windows burning): Prometheus's `activeAt`. */
  since?: number;
  /** since + alertAfter, once reached. */
  firingSince?: number;
  notificationTargets: Array<{ name: string; target: string }>;
}

export interface SlaEvaluation {
  at: number;
  slis: SliStatus[];
  budgets: BudgetStatus[];
  alerts: AlertStatus[];
  /** The alerts in state `firing`. */
  firing: AlertStatus[];
  /** Queries that could not be computed (e.g. one giving several series), with the SLO they belong to. */
  errors: Array<{ slo: string; message: string }>;
}

/**
 * Computes an SLA from scraped metrics: each SLI over rolling windows, each objective's error budget, and
 * multi-window burn-rate alerts (an alert is pending once both its long and short windows burn at `op threshold`,
 * and firing after `alertAfter`). Call `evaluate` periodically with the clock's time: alert state is kept between
 * calls, as Prometheus's rule evaluation does.
 */
export class SlaEvaluator {
  private readonly scale: number;
  private readonly compiled = new Map<string, PromqlExpression>();
  private readonly pendingSince = new Map<string, number>();
  /** Per SLO objective: each time slice's error, by slice number, and the slice length. */
  private readonly slices = new Map<string, Map<number, number | undefined>>();
  private readonly sliceLengths = new Map<string, number>();
  private errors: Array<{ slo: string; message: string }> = [];

  constructor(private readonly options: SlaEvaluatorOptions) {
    this.scale = options.windowScale ?? 1;
    if (!(this.scale > 0)) throw new Error('windowScale must be a positive number');
  }

  /** A duration of the SLA at this evaluator's scale. */
  scaled(milliseconds: number): number {
    return milliseconds * this.scale;
  }

  /** The longest window any SLO needs: scrapes older than now minus this can be pruned. */
  retentionMilliseconds(): number {
    let longest = 0;
    for (const slo of this.options.sla.slos) {
      longest = Math.max(longest, slo.windowMilliseconds, ...slo.alerts.map((alert) => alert.lookbackMilliseconds));
    }
    return this.scaled(longest);
  }

  evaluate(now: number): SlaEvaluation {
    this.errors = [];
    const slis: SliStatus[] = [];
    const budgets: BudgetStatus[] = [];
    const alerts: AlertStatus[] = [];
    for (const slo of this.options.sla.slos) {
      slo.objectives.forEach((objective, objectiveIndex) => {
        const errorRatio = (windowMilliseconds: number) =>
          this.errorRatio(slo, objective, objectiveIndex, windowMilliseconds, now);
        const window = this.scaled(slo.windowMilliseconds);
        const overWindow = errorRatio(window);
        const budget = 1 - objective.target;
        const consumed = overWindow === undefined ? undefined : overWindow / budget;
        const observed = this.observedMilliseconds(window, now);
        budgets.push({
          slo: slo.name,
          objective: objective.name,
          target: objective.target,
          windowMilliseconds: window,
          errorRatio: overWindow,
          consumed,
          remaining: consumed === undefined ? undefined : 1 - consumed,
          observedMilliseconds: observed,
          burned: consumed === undefined || observed === undefined ? undefined : (consumed * observed) / window,
        });
        const windows: SliWindowValue[] = [{ windowMilliseconds: window, value: complement(overWindow) }];
        for (const alert of slo.alerts) {
          const long = this.scaled(alert.lookbackMilliseconds);
          const short = this.scaled(alert.shortWindowMilliseconds);
          const longRatio = errorRatio(long);
          const shortRatio = errorRatio(short);
          for (const [length, ratio] of [
            [long, longRatio],
            [short, shortRatio],
          ] as const) {
            if (!windows.some((entry) => entry.windowMilliseconds === length)) {
              windows.push({ windowMilliseconds: length, value: complement(ratio) });
            }
          }
          alerts.push(
            this.alertStatus(slo, objective, alert, now, {
              long: longRatio === undefined ? undefined : longRatio / budget,
              short: shortRatio === undefined ? undefined : shortRatio / budget,
            }),
          );
        }
        const sli: SliStatus = { slo: slo.name, objective: objective.name, indicator: slo.indicator.name, windows };
        if (slo.indicator.kind === 'threshold' && objective.timeSliceWindowMilliseconds !== undefined) {
          const slice = this.scaled(objective.timeSliceWindowMilliseconds);
          const value = this.query(slo, slo.indicator.query, slice, Math.floor(now / slice) * slice);
          if (value !== undefined) sli.latest = value;
        }
        slis.push(sli);
      });
    }
    this.forgetSlices(now);
    return {
      at: now,
      slis,
      budgets,
      alerts,
      firing: alerts.filter((alert) => alert.state === 'firing'),
      errors: this.errors,
    };
  }

  /** The part of a window ending now that the data covers; the whole window for a source that cannot tell. */
  private observedMilliseconds(window: number, now: number): number | undefined {
    const source = this.options.source;
    if (!source.earliest) return window;
    const earliest = source.earliest();
    return earliest === undefined ? undefined : Math.min(window, Math.max(0, now - earliest));
  }

  private alertStatus(
    slo: SlaObjectiveModel,
    objective: SlaObjective,
    alert: SlaAlert,
    now: number,
    burnRate: { long: number | undefined; short: number | undefined },
  ): AlertStatus {
    const key = `${slo.name}\u0000${objective.name}\u0000${alert.policy}`;
    const noData = burnRate.long === undefined || burnRate.short === undefined;
    const holds = noData
      ? alert.alertWhenNoData
      : alert.alertWhenBreaching &&
        compare(burnRate.long!, alert.op, alert.threshold) &&
        compare(burnRate.short!, alert.op, alert.threshold);
    if (!holds) this.pendingSince.delete(key);
    else if (!this.pendingSince.has(key)) this.pendingSince.set(key, now);
    const since = this.pendingSince.get(key);
    const firingAt = since === undefined ? undefined : since + this.scaled(alert.alertAfterMilliseconds);
    const firing = firingAt !== undefined && now >= firingAt;
    return {
      slo: slo.name,
      objective: objective.name,
      policy: alert.policy,
      condition: alert.condition,
      severity: alert.severity,
      state: since === undefined ? 'inactive' : firing ? 'firing' : 'pending',
      op: alert.op,
      threshold: alert.threshold,
      burnRate,
      ...(since === undefined ? {} : { since }),
      ...(firing ? { firingSince: firingAt } : {}),
      notificationTargets: alert.notificationTargets,
    };
  }

  /** The share of bad events (Occurrences) or bad time slices over the window ending at `at`. */
  private errorRatio(
    slo: SlaObjectiveModel,
    objective: SlaObjective,
    objectiveIndex: number,
    windowMilliseconds: number,
    at: number,
  ): number | undefined {
    if (slo.budgetingMethod === 'Occurrences') return this.ratioError(slo, windowMilliseconds, at);
    const slice = this.scaled(objective.timeSliceWindowMilliseconds!);
    const cacheKey = `${slo.name}\u0000${objectiveIndex}`;
    const cache = this.slices.get(cacheKey) ?? new Map<number, number | undefined>();
    this.slices.set(cacheKey, cache);
    this.sliceLengths.set(cacheKey, slice);
    const source = this.options.source;
    const earliest = source.earliest ? source.earliest() : Number.NEGATIVE_INFINITY;
    if (earliest === undefined) return undefined;
    const latest = source.latest ? (source.latest() ?? Number.NEGATIVE_INFINITY) : Number.POSITIVE_INFINITY;
    // Slices are numbered (slice k ends at k × slice) so the cache keys are exact integers, not float sums.
    const last = Math.floor(at / slice);
    const first = Math.min(last, Math.floor((at - windowMilliseconds) / slice) + 1);
    let total = 0;
    let count = 0;
    for (let k = last; k >= first; k--) {
      const end = k * slice;
      if (end <= earliest) break;
      let error: number | undefined;
      if (cache.has(k)) error = cache.get(k);
      else {
        error = this.sliceError(slo, objective, slice, end);
        // Kept only once every target was scraped at or after its end: judged sooner, a slice would keep for good
        // a value from before its end (a scrape round in flight), and a fault crossing the threshold just then
        // would count a slice late.
        if (end <= latest) cache.set(k, error);
      }
      if (error === undefined) continue;
      total += error;
      count++;
    }
    return count === 0 ? undefined : total / count;
  }

  /** One time slice's error: 0 or 1 (Timeslices), or 1 − its good ratio (RatioTimeslices). */
  private sliceError(slo: SlaObjectiveModel, objective: SlaObjective, slice: number, end: number): number | undefined {
    if (slo.indicator.kind === 'threshold') {
      const value = this.query(slo, slo.indicator.query, slice, end);
      if (value === undefined) return undefined;
      return compare(value, objective.op!, objective.value!) ? 0 : 1;
    }
    const error = this.ratioError(slo, slice, end);
    if (error === undefined || slo.budgetingMethod === 'RatioTimeslices') return error;
    return 1 - error >= (objective.timeSliceTarget ?? 1) ? 0 : 1;
  }

  /** 1 − good ÷ total (or bad ÷ total, or the raw ratio) over the window ending at `at`. */
  private ratioError(slo: SlaObjectiveModel, windowMilliseconds: number, at: number): number | undefined {
    const indicator = slo.indicator;
    if (indicator.kind !== 'ratio') return undefined;
    if (indicator.raw) {
      const raw = this.query(slo, indicator.raw, windowMilliseconds, at);
      if (raw === undefined) return undefined;
      return clamp(indicator.rawType === 'failure' ? raw : 1 - raw);
    }
    const total = this.query(slo, indicator.total!, windowMilliseconds, at);
    if (total === undefined || total <= 0) return undefined;
    if (indicator.good) {
      const good = this.query(slo, indicator.good, windowMilliseconds, at) ?? 0;
      return clamp(1 - good / total);
    }
    const bad = this.query(slo, indicator.bad!, windowMilliseconds, at) ?? 0;
    return clamp(bad / total);
  }

  private query(slo: SlaObjectiveModel, query: SlaQuery, windowMilliseconds: number, at: number): number | undefined {
    const text = renderQuery(query.query, windowMilliseconds);
    let expression = this.compiled.get(text);
    if (!expression) {
      expression = compilePromql(text);
      this.compiled.set(text, expression);
    }
    try {
      const value = singleValueOf(evaluatePromql(expression, this.options.source, at));
      return value === undefined || Number.isNaN(value) ? undefined : value;
    } catch (error) {
      this.errors.push({ slo: slo.name, message: `${query.query}: ${(error as Error).message}` });
      return undefined;
    }
  }

  private forgetSlices(now: number): void {
    const horizon = now - this.retentionMilliseconds();
    for (const [key, cache] of this.slices) {
      const slice = this.sliceLengths.get(key)!;
      for (const k of cache.keys()) if (k * slice < horizon) cache.delete(k);
    }
  }
}

function compare(value: number, op: ComparisonOperator, threshold: number): boolean {
  switch (op) {
    case 'lte':
      return value <= threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'gt':
      return value > threshold;
  }
}

function clamp(ratio: number): number {
  return Math.min(1, Math.max(0, ratio));
}

function complement(errorRatio: number | undefined): number | undefined {
  return errorRatio === undefined ? undefined : 1 - errorRatio;
}
