import { NULL_RATE_FLOOR } from '../drift-settings';

/**
 * How far the null rate rose from the baseline (`statistic`, window rate − baseline rate) and the rise that counts
 * as drift: `nullRateJump` points, or `nullRateRelative` × the baseline rate if that is lower — but never less than
 * one point, so a rare null doubling by chance is not drift. A falling null rate is not flagged.
 */
export function nullRateJump(
  baseline: { count: number; nulls: number },
  window: { count: number; nulls: number },
  thresholds: { nullRateJump: number; nullRateRelative: number },
): { statistic: number; threshold: number; drifted: boolean } {
  const before = baseline.count === 0 ? 0 : baseline.nulls / baseline.count;
  const after = window.count === 0 ? 0 : window.nulls / window.count;
  const statistic = after - before;
  const threshold = Math.min(thresholds.nullRateJump, Math.max(NULL_RATE_FLOOR, before * thresholds.nullRateRelative));
  return { statistic, threshold, drifted: statistic >= threshold };
}
