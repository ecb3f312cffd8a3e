import type { CategoryCounts } from '../sketch/category-counts';

/** Added to every bin's share (then renormalised), so an empty bin on either side stays finite. */
export const PSI_EPSILON = 1e-4;

/**
 * PSI = Σ (q − p) · ln(q / p) over bins, p the expected (baseline) shares and q the actual (window) shares, each
 * smoothed with `epsilon`. Every term is ≥ 0 (q − p and ln(q/p) share a sign), so PSI ≥ 0, and 0 for equal shares.
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = PSI_EPSILON,
): number {
  if (expected.length !== actual.length) throw new RangeError('PSI needs the same bins on both sides');
  const expectedTotal = sum(expected);
  const actualTotal = sum(actual);
  if (expectedTotal === 0 || actualTotal === 0) return 0;
  const norm = 1 + expected.length * epsilon;
  let psi = 0;
  for (let bin = 0; bin < expected.length; bin++) {
    const p = (expected[bin]! / expectedTotal + epsilon) / norm;
    const q = (actual[bin]! / actualTotal + epsilon) / norm;
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}

/** PSI of a window's categories against the baseline's: the bins are the baseline's categories plus "other". */
export function categoricalPsi(baseline: CategoryCounts, window: CategoryCounts): number {
  const expected: number[] = [];
  const actual: number[] = [];
  let expectedKnown = 0;
  let actualKnown = 0;
  for (const [value, count] of baseline.counts) {
    if (count === 0) continue;
    const seen = window.counts.get(value) ?? 0;
    expected.push(count);
    actual.push(seen);
    expectedKnown += count;
    actualKnown += seen;
  }
  expected.push(baseline.total - expectedKnown);
  actual.push(window.total - actualKnown);
  return populationStabilityIndex(expected, actual);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
