import { type SampleSource, type SeriesValue, seriesKey } from '../metrics/metric-history';
import type { AggregateOperator, BinaryOperator, PromqlExpression } from './promql-expression';

/** A query's result at one instant: a scalar or a vector of series. */
export type PromqlValue = { kind: 'scalar'; value: number } | { kind: 'vector'; series: SeriesValue[] };

/** Evaluates a compiled query at `at` (milliseconds) over the samples of `source`, with PromQL's semantics. */
export function evaluatePromql(expression: PromqlExpression, source: SampleSource, at: number): PromqlValue {
  switch (expression.kind) {
    case 'number':
      return { kind: 'scalar', value: expression.value };
    case 'vector':
      return { kind: 'vector', series: [{ labels: {}, value: expression.value }] };
    case 'selector':
      return { kind: 'vector', series: source.instant(expression.metric, expression.matchers, at) };
    case 'range': {
      const increases = source.increase(expression.metric, expression.matchers, at - expression.rangeMilliseconds, at);
      const divisor = expression.fn === 'rate' ? expression.rangeMilliseconds / 1_000 : 1;
      return { kind: 'vector', series: increases.map((s) => ({ labels: s.labels, value: s.value / divisor })) };
    }
    case 'aggregate':
      return aggregate(expression.op, expression.grouping, vectorOf(evaluatePromql(expression.argument, source, at)));
    case 'quantile':
      return histogramQuantile(expression.quantile, vectorOf(evaluatePromql(expression.argument, source, at)));
    case 'binary':
      return binary(
        expression.op,
        evaluatePromql(expression.left, source, at),
        evaluatePromql(expression.right, source, at),
      );
  }
}

/** The single number a query gives, `undefined` if it gives no series (no data). Several series are an error. */
export function singleValueOf(value: PromqlValue): number | undefined {
  if (value.kind === 'scalar') return value.value;
  if (value.series.length === 0) return undefined;
  if (value.series.length > 1) {
    throw new Error(`the query gives ${value.series.length} series, not one: aggregate it (e.g. sum(…))`);
  }
  return value.series[0]!.value;
}

function vectorOf(value: PromqlValue): SeriesValue[] {
  if (value.kind === 'scalar') throw new Error('expected a vector, got a scalar');
  return value.series;
}

function groupLabels(
  labels: Record<string, string>,
  grouping: { mode: 'by' | 'without'; labels: string[] } | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!grouping) return result;
  for (const [name, value] of Object.entries(labels)) {
    if (grouping.labels.includes(name) === (grouping.mode === 'by')) result[name] = value;
  }
  return result;
}

function aggregate(
  op: AggregateOperator,
  grouping: { mode: 'by' | 'without'; labels: string[] } | undefined,
  series: SeriesValue[],
): PromqlValue {
  const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
  for (const item of series) {
    const labels = groupLabels(item.labels, grouping);
    const key = seriesKey(labels);
    const group = groups.get(key) ?? { labels, values: [] };
    group.values.push(item.value);
    groups.set(key, group);
  }
  const reduce: Record<AggregateOperator, (values: number[]) => number> = {
    sum: (values) => values.reduce((a, b) => a + b, 0),
    min: (values) => Math.min(...values),
    max: (values) => Math.max(...values),
    avg: (values) => values.reduce((a, b) => a + b, 0) / values.length,
    count: (values) => values.length,
  };
  return {
    kind: 'vector',
    series: [...groups.values()].map((group) => ({ labels: group.labels, value: reduce[op](group.values) })),
  };
}

function apply(op: Exclude<BinaryOperator, 'or'>, left: number, right: number): number {
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
  }
}

/**
 * Arithmetic: scalar with scalar or vector; vector with vector one-to-one on identical label sets. `or`: the left
 * vector, plus the right one's series whose label sets the left lacks.
 */
function binary(op: BinaryOperator, left: PromqlValue, right: PromqlValue): PromqlValue {
  if (op === 'or') {
    const leftSeries = vectorOf(left);
    const keys = new Set(leftSeries.map((s) => seriesKey(s.labels)));
    return {
      kind: 'vector',
      series: [...leftSeries, ...vectorOf(right).filter((s) => !keys.has(seriesKey(s.labels)))],
    };
  }
  if (left.kind === 'scalar' && right.kind === 'scalar')
    return { kind: 'scalar', value: apply(op, left.value, right.value) };
  if (left.kind === 'scalar' && right.kind === 'vector') {
    return {
      kind: 'vector',
      series: right.series.map((s) => ({ labels: s.labels, value: apply(op, left.value, s.value) })),
    };
  }
  if (left.kind === 'vector' && right.kind === 'scalar') {
    return {
      kind: 'vector',
      series: left.series.map((s) => ({ labels: s.labels, value: apply(op, s.value, right.value) })),
    };
  }
  const rightByKey = new Map((right as { series: SeriesValue[] }).series.map((s) => [seriesKey(s.labels), s]));
  const series: SeriesValue[] = [];
  for (const item of (left as { series: SeriesValue[] }).series) {
    const match = rightByKey.get(seriesKey(item.labels));
    if (match) series.push({ labels: item.labels, value: apply(op, item.value, match.value) });
  }
  return { kind: 'vector', series };
}

/** Prometheus's histogram_quantile: linear interpolation inside the bucket holding the rank, per label set. */
function histogramQuantile(quantile: number, series: SeriesValue[]): PromqlValue {
  const groups = new Map<string, { labels: Record<string, string>; buckets: Array<{ le: number; count: number }> }>();
  for (const item of series) {
    const le = item.labels.le;
    if (le === undefined) continue;
    const { le: _le, ...labels } = item.labels;
    const key = seriesKey(labels);
    const group = groups.get(key) ?? { labels, buckets: [] };
    group.buckets.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: item.value });
    groups.set(key, group);
  }
  const result: SeriesValue[] = [];
  for (const group of groups.values()) {
    result.push({ labels: group.labels, value: quantileOf(quantile, group.buckets) });
  }
  return { kind: 'vector', series: result };
}

function quantileOf(quantile: number, unsorted: Array<{ le: number; count: number }>): number {
  if (quantile < 0) return Number.NEGATIVE_INFINITY;
  if (quantile > 1) return Number.POSITIVE_INFINITY;
  const buckets = [...unsorted].sort((a, b) => a.le - b.le);
  const last = buckets.at(-1);
  if (!last || last.le !== Number.POSITIVE_INFINITY || buckets.length < 2) return Number.NaN;
  // Counts must not decrease with `le` (they can, slightly, across scrapes): keep them monotonic, as Prometheus does.
  for (let i = 1; i < buckets.length; i++) buckets[i]!.count = Math.max(buckets[i]!.count, buckets[i - 1]!.count);
  const total = last.count;
  if (total === 0) return Number.NaN;
  const rank = quantile * total;
  const index = buckets.findIndex((bucket) => bucket.count >= rank);
  if (index === buckets.length - 1) return buckets[buckets.length - 2]!.le;
  const bucket = buckets[index]!;
  const start = index === 0 ? 0 : buckets[index - 1]!.le;
  const below = index === 0 ? 0 : buckets[index - 1]!.count;
  const inBucket = bucket.count - below;
  if (inBucket <= 0) return start;
  if (index === 0 && bucket.le <= 0) return bucket.le;
  return start + (bucket.le - start) * ((rank - below) / inBucket);
}
