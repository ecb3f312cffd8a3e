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
  /** When every target had last been scraped (a time slice ending after it may still get a newer value). */
  latest?(): number | undefined;
}

/**
 * A recorded sample: its labels with `job` and their key, computed once when recorded, and `adjusted`, the series'
 * counter value as if it had never reset (resets and reappearances add their value), so an increase over any window
 * is one subtraction.
 */
interface StoredSample {
  key: string;
  labels: Record<string, string>;
  value: number;
  adjusted: number;
}

type SeriesByKey = Map<string, StoredSample>;

interface Scrape {
  at: number;
  /** By metric, then series key; `undefined`: the scrape failed (`up` is 0). */
  byMetric: Map<string, SeriesByKey> | undefined;
  /** Series seen in earlier scrapes but absent from this one, with their last adjusted value (carried forward). */
  vanished: Map<string, SeriesByKey>;
  up: StoredSample;
}

/**
 * Scrapes kept in memory, per target, oldest first: the evaluator's time-series database. Every scrape also records
 * `up{job}` (1 or 0), as Prometheus does. No extrapolation: an increase is exactly the sum of the differences between
 * consecutive successful scrapes in the window (a drop is a reset: the new value counts; a series that appears starts
 * from zero), from the last successful scrape at or before the window's start — or, without one, from the first
 * scrape in the window, where the data begins.
 */
export class MetricHistory implements SampleSource {
  private readonly targets = new Map<string, Scrape[]>();
  /** Per target: every series seen, as last recorded. */
  private readonly known = new Map<string, Map<string, SeriesByKey>>();
  private readonly lastSuccessful = new Map<string, Scrape>();

  /** Records one scrape of `target` at `at` (milliseconds); `undefined` exposition: the scrape failed. */
  record(target: string, at: number, exposition: Exposition | undefined): void {
    const scrapes = this.targets.get(target) ?? [];
    this.targets.set(target, scrapes);
    const last = scrapes.at(-1);
    if (last && at < last.at) throw new Error(`scrapes of ${target} must be recorded in time order`);
    const upLabels = { job: target };
    const up = { key: seriesKey(upLabels), labels: upLabels, value: exposition ? 1 : 0, adjusted: 0 };
    if (!exposition) {
      scrapes.push({ at, byMetric: undefined, vanished: new Map(), up });
      return;
    }
    const known = this.known.get(target) ?? new Map<string, SeriesByKey>();
    this.known.set(target, known);
    const previous = this.lastSuccessful.get(target);
    const byMetric = new Map<string, SeriesByKey>();
    for (const sample of exposition.samples) {
      const labels = { ...sample.labels, job: target };
      const key = seriesKey(labels);
      const before = previous?.byMetric?.get(sample.metric)?.get(key);
      const delta = before ? (sample.value >= before.value ? sample.value - before.value : sample.value) : sample.value;
      const adjusted = (known.get(sample.metric)?.get(key)?.adjusted ?? 0) + delta;
      const stored = { key, labels, value: sample.value, adjusted };
      const series = byMetric.get(sample.metric) ?? new Map<string, StoredSample>();
      series.set(key, stored);
      byMetric.set(sample.metric, series);
      const knownSeries = known.get(sample.metric) ?? new Map<string, StoredSample>();
      knownSeries.set(key, stored);
      known.set(sample.metric, knownSeries);
    }
    const vanished = new Map<string, SeriesByKey>();
    for (const [metric, series] of known) {
      for (const [key, stored] of series) {
        if (byMetric.get(metric)?.has(key)) continue;
        const list = vanished.get(metric) ?? new Map<string, StoredSample>();
        list.set(key, stored);
        vanished.set(metric, list);
      }
    }
    const scrape: Scrape = { at, byMetric, vanished, up };
    scrapes.push(scrape);
    this.lastSuccessful.set(target, scrape);
  }

  /** Forgets scrapes older than `before`, keeping the last one before it (a window's baseline). */
  prune(before: number): void {
    for (const scrapes of this.targets.values()) {
      let keepFrom = lastIndexAtOrBefore(scrapes, before);
      while (keepFrom > 0 && !scrapes[keepFrom]!.byMetric) keepFrom--;
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

  /** The oldest of the targets' newest scrapes: every target has reported up to here. */
  latest(): number | undefined {
    let latest: number | undefined;
    for (const scrapes of this.targets.values()) {
      const last = scrapes.at(-1);
      if (last && (latest === undefined || last.at < latest)) latest = last.at;
    }
    return latest;
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
    const results: SeriesValue[] = [];
    for (const scrapes of this.targets.values()) {
      let end = lastIndexAtOrBefore(scrapes, to);
      while (end >= 0 && !scrapes[end]!.byMetric) end--;
      if (end < 0) continue;
      let start = lastIndexAtOrBefore(scrapes, from);
      while (start >= 0 && !scrapes[start]!.byMetric) start--;
      if (start < 0) {
        // No scrape before the window: the data begins at the first successful one in it.
        start = 0;
        while (start < end && !scrapes[start]!.byMetric) start++;
      } else if (start === end) continue; // no successful scrape inside the window: no data
      const base = scrapes[start]!;
      const last = scrapes[end]!;
      const baseOf = (key: string) =>
        base.byMetric?.get(metric)?.get(key)?.adjusted ?? base.vanished.get(metric)?.get(key)?.adjusted ?? 0;
      for (const series of last.byMetric?.get(metric)?.values() ?? []) {
        if (test(series.labels))
          results.push({ labels: { ...series.labels }, value: series.adjusted - baseOf(series.key) });
      }
      // A series gone by the end (a restart not yet re-incremented) still counts what it gained in the window.
      for (const series of last.vanished.get(metric)?.values() ?? []) {
        const gained = series.adjusted - baseOf(series.key);
        if (gained > 0 && test(series.labels)) results.push({ labels: { ...series.labels }, value: gained });
      }
    }
    return results;
  }
}

function seriesOf(scrape: Scrape, metric: string): Iterable<StoredSample> {
  if (metric === 'up') return [scrape.up];
  return scrape.byMetric?.get(metric)?.values() ?? [];
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
