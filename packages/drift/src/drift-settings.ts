import type { DriftFieldSettings, DriftSettings, DriftThresholds } from '@charter/contracts';

/**
 * The defaults (ADR 0013): PSI 0.25 is the usual "significant shift" line; KS at α = 0.001 with an effect-size floor of
 * 0.1 (a KS test alone flags negligible shifts on 10 000-record windows); a null rate rising five points, or doubling
 * once it rose by at least one point.
 */
export const DEFAULT_DRIFT_SETTINGS = {
  psi: 0.25,
  ksAlpha: 0.001,
  ksMinD: 0.1,
  nullRateJump: 0.05,
  nullRateRelative: 1,
  windowRecords: 10_000,
  baselineWindows: 3,
  maxCategories: 64,
} as const;

/** A relative null-rate rise counts only once the rate rose by at least this much (absolute). */
export const NULL_RATE_FLOOR = 0.01;

export type ResolvedThresholds = Required<DriftThresholds>;

export interface ResolvedDriftSettings extends ResolvedThresholds {
  windowRecords: number;
  windowMs?: number;
  baselineWindows: number;
  maxCategories: number;
  fields: Record<string, DriftFieldSettings>;
}

/** The contract's `drift` property over the defaults. */
export function resolveDriftSettings(settings: DriftSettings = {}): ResolvedDriftSettings {
  const { fields, windowMs, ...rest } = settings;
  return {
    ...DEFAULT_DRIFT_SETTINGS,
    ...rest,
    ...(windowMs === undefined ? {} : { windowMs }),
    fields: fields ?? {},
  };
}

/** A field's thresholds: its override, else the contract's, else the defaults. */
export function thresholdsFor(settings: ResolvedDriftSettings, path: string): ResolvedThresholds {
  const override = Object.hasOwn(settings.fields, path) ? settings.fields[path] : undefined;
  return {
    psi: override?.psi ?? settings.psi,
    ksAlpha: override?.ksAlpha ?? settings.ksAlpha,
    ksMinD: override?.ksMinD ?? settings.ksMinD,
    nullRateJump: override?.nullRateJump ?? settings.nullRateJump,
    nullRateRelative: override?.nullRateRelative ?? settings.nullRateRelative,
  };
}
