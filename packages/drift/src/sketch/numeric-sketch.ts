import { DDSketch } from '@datadog/sketches-js';

/** DDSketch's relative accuracy: a quantile is within 1 % of the true value; bins are 2 % wide. */
export const RELATIVE_ACCURACY = 0.01;

type Store = DDSketch['store'];

/** One bin of the sketch in value order: every value in it maps to `value` (within the relative accuracy). */
export interface SketchBin {
  value: number;
  count: number;
}

export interface SerializedNumericSketch {
  relativeAccuracy: number;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  zeroCount: number;
  /** Bins of positive values: counts from key `offset` up. */
  positive: { offset: number; counts: number[] };
  negative: { offset: number; counts: number[] };
}

/**
 * Numeric quantiles through Datadog's DDSketch (@datadog/sketches-js): relative-error bins on a logarithmic mapping,
 * mergeable, bounded (about 2 000 bins span 1e-9…1e9). Bins are read in value order for the KS statistic.
 */
export class NumericSketch {
  readonly sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });

  get count(): number {
    return this.sketch.count;
  }

  add(value: number): void {
    this.sketch.accept(value);
  }

  quantile(quantile: number): number {
    return this.sketch.getValueAtQuantile(quantile);
  }

  /**
   * Adds the other sketch's bins to this one. Bin by bin rather than DDSketch.merge, which (2.1.1) leaves the negative
   * store out; the result is the same whichever order sketches are merged in.
   */
  merge(other: NumericSketch): void {
    const into = this.sketch;
    const from = other.sketch;
    if (from.count === 0) return;
    addStore(into.store, from.store);
    addStore(into.negativeStore, from.negativeStore);
    into.zeroCount += from.zeroCount;
    into.count += from.count;
    into.sum += from.sum;
    if (from.min < into.min) into.min = from.min;
    if (from.max > into.max) into.max = from.max;
  }

  /** Non-empty bins, lowest value first. */
  bins(): SketchBin[] {
    const { mapping, store, negativeStore, zeroCount } = this.sketch;
    const bins: SketchBin[] = [];
    for (let key = negativeStore.maxKey; key >= negativeStore.minKey; key--) {
      const count = negativeStore.bins[key - negativeStore.offset] ?? 0;
      if (count > 0) bins.push({ value: -mapping.value(key), count });
    }
    if (zeroCount > 0) bins.push({ value: 0, count: zeroCount });
    for (let key = store.minKey; key <= store.maxKey; key++) {
      const count = store.bins[key - store.offset] ?? 0;
      if (count > 0) bins.push({ value: mapping.value(key), count });
    }
    return bins;
  }

  toJSON(): SerializedNumericSketch {
    const { count, sum, min, max, zeroCount, store, negativeStore } = this.sketch;
    return {
      relativeAccuracy: RELATIVE_ACCURACY,
      count,
      sum,
      min: count > 0 ? min : null,
      max: count > 0 ? max : null,
      zeroCount,
      positive: storeToJson(store),
      negative: storeToJson(negativeStore),
    };
  }

  static fromJSON(json: SerializedNumericSketch): NumericSketch {
    const sketch = new NumericSketch();
    const into = sketch.sketch;
    storeFromJson(into.store, json.positive);
    storeFromJson(into.negativeStore, json.negative);
    into.zeroCount = json.zeroCount;
    into.count = json.count;
    into.sum = json.sum;
    if (json.min !== null) into.min = json.min;
    if (json.max !== null) into.max = json.max;
    return sketch;
  }
}

function addStore(into: Store, from: Store): void {
  for (let key = from.minKey; key <= from.maxKey; key++) {
    const count = from.bins[key - from.offset] ?? 0;
    if (count > 0) into.add(key, count);
  }
}

function storeToJson(store: Store): { offset: number; counts: number[] } {
  if (store.count === 0) return { offset: 0, counts: [] };
  const counts: number[] = [];
  for (let key = store.minKey; key <= store.maxKey; key++) counts.push(store.bins[key - store.offset] ?? 0);
  return { offset: store.minKey, counts };
}

function storeFromJson(store: Store, json: { offset: number; counts: number[] }): void {
  json.counts.forEach((count, index) => {
    if (count > 0) store.add(json.offset + index, count);
  });
}
