import type { NumericSketch } from '../sketch/numeric-sketch';

/**
 * The two-sample KS statistic D = sup |F₁(x) − F₂(x)| from two sketches' bins: both use the same mapping, so bins
 * line up and the CDFs are compared at every bin's upper edge. That is the exact D at those edges, so it never
 * exceeds the exact D, and falls short of it by at most the largest share one bin holds on either side.
 */
export function ksStatisticFromSketches(a: NumericSketch, b: NumericSketch): number {
  const left = a.bins();
  const right = b.bins();
  const n = a.count;
  const m = b.count;
  if (n === 0 || m === 0) return 0;
  let i = 0;
  let j = 0;
  let seenLeft = 0;
  let seenRight = 0;
  let distance = 0;
  while (i < left.length || j < right.length) {
    const leftValue = i < left.length ? left[i]!.value : Number.POSITIVE_INFINITY;
    const rightValue = j < right.length ? right[j]!.value : Number.POSITIVE_INFINITY;
    const value = Math.min(leftValue, rightValue);
    if (leftValue === value) seenLeft += left[i++]!.count;
    if (rightValue === value) seenRight += right[j++]!.count;
    distance = Math.max(distance, Math.abs(seenLeft / n - seenRight / m));
  }
  return distance;
}

/** The exact two-sample KS statistic of two ascending arrays (ties advance together). */
export function ksStatistic(sortedA: readonly number[], sortedB: readonly number[]): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) return 0;
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < n && j < m) {
    const value = Math.min(sortedA[i]!, sortedB[j]!);
    while (i < n && sortedA[i] === value) i++;
    while (j < m && sortedB[j] === value) j++;
    distance = Math.max(distance, Math.abs(i / n - j / m));
  }
  return distance;
}

/**
 * The asymptotic critical value of D at significance `alpha` for samples of n and m: c(α)·√((n+m)/(n·m)) with
 * c(α) = √(−ln(α/2)/2) (1.95 at α = 0.001).
 */
export function ksCriticalValue(alpha: number, n: number, m: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}
