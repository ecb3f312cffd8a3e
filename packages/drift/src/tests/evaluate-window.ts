import { type ResolvedDriftSettings, thresholdsFor } from '../drift-settings';
import type { FieldSpec } from '../field-specs';
import type { WindowProfile } from '../profile/window-profile';
import { ksCriticalValue, ksStatisticFromSketches } from './kolmogorov-smirnov';
import { nullRateJump } from './null-rate-jump';
import { categoricalPsi } from './population-stability-index';

export type DriftTest = 'psi' | 'ks' | 'null-rate';

export interface DriftTestResult {
  field: string;
  test: DriftTest;
  statistic: number;
  threshold: number;
  drifted: boolean;
}

/** Fewer values than this on either side and a distribution test says nothing: it is not run. */
export const MIN_SAMPLE = 30;

/**
 * Every test of one window against the baseline, per field: the null-rate rule for all; PSI for categorical and
 * boolean fields (unless the baseline had more values than `maxCategories`: then it is free text); KS for numeric
 * ones, drifted when D exceeds both the critical value at `ksAlpha` and the `ksMinD` floor.
 */
export function evaluateWindow(
  baseline: WindowProfile,
  window: WindowProfile,
  specs: readonly FieldSpec[],
  settings: ResolvedDriftSettings,
): DriftTestResult[] {
  const results: DriftTestResult[] = [];
  for (const { path: field } of specs) {
    const before = baseline.fields.get(field);
    const after = window.fields.get(field);
    if (!before || !after || before.count === 0 || after.count === 0) continue;
    const thresholds = thresholdsFor(settings, field);
    results.push({ field, test: 'null-rate', ...nullRateJump(before, after, thresholds) });
    if (before.numeric && after.numeric && before.numeric.count >= MIN_SAMPLE && after.numeric.count >= MIN_SAMPLE) {
      const statistic = ksStatisticFromSketches(before.numeric, after.numeric);
      const threshold = Math.max(
        thresholds.ksMinD,
        ksCriticalValue(thresholds.ksAlpha, after.numeric.count, before.numeric.count),
      );
      results.push({ field, test: 'ks', statistic, threshold, drifted: statistic > threshold });
    }
    const categories = before.categories;
    if (
      categories &&
      after.categories &&
      !categories.overflowed &&
      categories.total >= MIN_SAMPLE &&
      after.categories.total >= MIN_SAMPLE
    ) {
      const statistic = categoricalPsi(categories, after.categories);
      results.push({ field, test: 'psi', statistic, threshold: thresholds.psi, drifted: statistic > thresholds.psi });
    }
  }
  return results;
}
