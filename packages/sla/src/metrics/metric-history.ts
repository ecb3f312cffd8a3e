import type { LabelMatcher } from '../promql/promql-expression';
import type { Exposition } from './parse-exposition';

/** A series' value: labels (with `job`, the scrape target's name) and a number. */
export interface SeriesValue {
  labels: Record<string, string>;
  value: number;
}

/** What the query evaluator reads: instant values and counter increases, both at a point in time. */
export interface SampleSource {
  /** Each matching series' value in the latest scrape of its target at or before `at`. */
  instant(metric: string, matchers: readonly LabelMatcher[], at: number): SeriesValue[];
  /** Each matching counter's increase over (from, to], counter resets taken into account. */
  increase(metric: string, matchers: readonly LabelMatcher[], from: number, to: number): SeriesValue[];
  /** When the oldest sample was taken (time slices before it have no data). */
  earliest?(): number | undefined;
}

/** A recorded sample: its labels with `job`, and their key computed once, when recorded. */
interface StoredSample {
  key: string;
  labels: Record<string, string>;
  value: number;
}

interface Scrape {
  at: number;
  /** `undefined`: the scrape failed (`up` is 0). */
  byMetric: Map<string, StoredSample[]> | undefined;
  up: StoredSample;
}

/**
 * Scrapes kept in memory, per target, oldest first: the evaluator's time-series database. Every scrape also records
 * `up{job}` (1 or 0), as Prometheus does. No extrapolation: an increase is exactly the sum of the differences between
 * consecutive scrapes in the window, starting from the last scrape at or before the window's start.
 */
export class MetricHistory implements SampleSource {
  private readonly targets = new Map<string, Scrape[]>();

  /** Records one scrape of `target` at `at` (milliseconds); `undefined` exposition: the scrape failed. */
  record(target: string, at: number, exposition: Exposition | undefined): void {
    const scrapes = this.targets.get(target) ?? [];
    this.targets.set(target, scrapes);
    const last = scrapes.at(-1);
    if (last && at < last.at) throw new Error(`scrapes of ${target} must be recorded in time order`);
    let byMetric: Map<string, StoredSample[]> | undefined;
    if (exposition) {
      byMetric = new Map();
      for (const sample of exposition.samples) {
        const list = byMetric.get(sample.metric) ?? [];
        const labels = { ...sample.labels, job: target };
        list.push({ key: seriesKey(labels), labels, value: sample.value });
        byMetric.set(sample.metric, list);
      }
    }
    const upLabels = { job: target };
    scrapes.push({ at, byMetric, up: { key: seriesKey(upLabels), labels: upLabels, value: byMetric ? 1 : 0 } });
  }

  /** Forgets scrapes older than `before`, keeping the last one before it (a window's baseline). */
  prune(before: number): void {
    for (const scrapes of this.targets.values()) {
      const keepFrom = lastIndexAtOrBefore(scrapes, before);
      if (keepFrom > 0) scrapes.splice(0, keepFrom);
    }
  }

  /** When the oldest kept scrape was taken. */
  earliest(): number | undefined {
    let earliest: number | undefined;
    for (const scrapes of this.targets.values()) {
      const first = scrapes[0];
      if (first && (earliest === undefined || first.at < earliest)) earliest = first.at;
    }
    return earliest;
  }

  instant(metric: string, matchers: readonly LabelMatcher[], at: number): SeriesValue[] {
    const test = compileMatchers(matchers);
    const values: SeriesValue[] = [];
    for (const scrapes of this.targets.values()) {
      const scrape = scrapes[lastIndexAtOrBefore(scrapes, at)];
      if (!scrape || scrape.at > at) continue;
      for (const series of seriesOf(scrape, metric)) {
        if (test(series.labels)) values.push({ labels: { ...series.labels }, value: series.value });
      }
    }
    return values;
  }

  increase(metric: string, matchers: readonly LabelMatcher[], from: number, to: number): SeriesValue[] {
    const test = compileMatchers(matchers);
    const totals = new Map<string, SeriesValue>();
    for (const scrapes of this.targets.values()) {
      const end = lastIndexAtOrBefore(scrapes, to);
      if (end < 0 || scrapes[end]!.at > to) continue;
      // The baseline: the last successful scrape at or before `from`; without one, the data begins in the window.
      let start = lastIndexAtOrBefore(scrapes, from);
      while (start >= 0 && (scrapes[start]!.at > from || !scrapes[start]!.byMetric)) start--;
      let previous: Map<string, number> | undefined;
      if (start >= 0) previous = valuesOf(scrapes[start]!, metric, test);
      for (let index = start + 1; index <= end; index++) {
        const scrape = scrapes[index]!;
        if (!scrape.byMetric) continue;
        const current = valuesOf(scrape, metric, test);
        if (previous) {
          for (const [key, value] of current) {
            // A series absent before starts from zero (prom-client creates it on its first increment).
            const before = previous.get(key) ?? 0;
            const delta = value >= before ? value - before : value;
            const total = totals.get(key);
            if (total) total.value += delta;
            else totals.set(key, { labels: JSON.parse(key) as Record<string, string>, value: delta });
          }
        } else {
          for (const key of current.keys()) {
            if (!totals.has(key)) totals.set(key, { labels: JSON.parse(key) as Record<string, string>, value: 0 });
          }
        }
        previous = current;
      }
    }
    return [...totals.values()];
  }
}

function seriesOf(scrape: Scrape, metric: string): readonly StoredSample[] {
  if (metric === 'up') return [scrape.up];
  return scrape.byMetric?.get(metric) ?? [];
}

function valuesOf(
  scrape: Scrape,
  metric: string,
  test: (labels: Record<string, string>) => boolean,
): Map<string, number> {
  const values = new Map<string, number>();
  for (const series of seriesOf(scrape, metric)) {
    if (test(series.labels)) values.set(series.key, series.value);
  }
  return values;
}

/** A label set's identity: its entries sorted by name, as JSON. */
export function seriesKey(labels: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name]!;
  return JSON.stringify(sorted);
}

/** Index of the last scrape taken at or before `at`, or -1. */
function lastIndexAtOrBefore(scrapes: readonly Scrape[], at: number): number {
  let low = 0;
  let high = scrapes.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (scrapes[middle]!.at <= at) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function compileMatchers(matchers: readonly LabelMatcher[]): (labels: Record<string, string>) => boolean {
  const tests = matchers.map((matcher) => {
    if (matcher.op === '=' || matcher.op === '!=') {
      const equal = matcher.op === '=';
      return (labels: Record<string, string>) => ((labels[matcher.label] ?? '') === matcher.value) === equal;
    }
    const pattern = new RegExp(`^(?:${matcher.value})$`);
    const match = matcher.op === '=~';
    return (labels: Record<string, string>) => pattern.test(labels[matcher.label] ?? '') === match;
  });
  return (labels) => tests.every((test) => test(labels));
}
