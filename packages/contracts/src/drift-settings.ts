import { z } from 'zod';

/** How the drift profiler reads a field: a distribution test for numeric and categorical ones, nulls for all. */
export const DRIFT_FIELD_KINDS = ['numeric', 'categorical', 'boolean', 'timestamp', 'text'] as const;
export type DriftFieldKind = (typeof DRIFT_FIELD_KINDS)[number];

/** The thresholds a field can override. */
export interface DriftThresholds {
  /** Population stability index above which a categorical field has drifted. */
  psi?: number;
  /** Significance level of the Kolmogorov–Smirnov critical value for numeric fields. */
  ksAlpha?: number;
  /** The smallest KS distance that counts as drift, whatever the sample sizes (the effect-size floor). */
  ksMinD?: number;
  /** An absolute rise of the null rate that counts as drift (0.05 = five points). */
  nullRateJump?: number;
  /** A relative rise of the null rate that counts as drift (1 = doubled), once it rose by at least a point. */
  nullRateRelative?: number;
}

export interface DriftFieldSettings extends DriftThresholds {
  /** Read the field as this kind instead of the one its logical type gives. */
  kind?: DriftFieldKind;
  /** Do not profile the field. */
  ignore?: boolean;
}

/** The contract's `drift` customProperty: thresholds, windows and per-field overrides; every key optional. */
export interface DriftSettings extends DriftThresholds {
  /** A window closes after this many records… */
  windowRecords?: number;
  /** …or this many milliseconds, whichever comes first. */
  windowMs?: number;
  /** How many first windows make the baseline when no stored profile is given. */
  baselineWindows?: number;
  /** Distinct values a categorical field may have before it is read as free text (no PSI). */
  maxCategories?: number;
  /** Per-field overrides, by dotted path (`shipping_address.country`). */
  fields?: Record<string, DriftFieldSettings>;
}

const probability = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');
const fraction = z.number().gt(0, 'must be above 0').max(1, 'must be at most 1');
const thresholds = {
  psi: z.number().gt(0, 'must be above 0').max(10, 'must be at most 10').optional(),
  ksAlpha: probability.optional(),
  ksMinD: fraction.optional(),
  nullRateJump: fraction.optional(),
  nullRateRelative: z.number().gt(0, 'must be above 0').optional(),
};

/** Validates the `drift` customProperty (unknown keys refused, so a typo is never silently ignored). */
export const driftSettingsSchema: z.ZodType<DriftSettings> = z.strictObject({
  ...thresholds,
  windowRecords: z.number().int('must be a whole number').min(100, 'must be at least 100').optional(),
  windowMs: z.number().int('must be a whole number').min(1_000, 'must be at least 1000 (one second)').optional(),
  baselineWindows: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000).optional(),
  maxCategories: z.number().int('must be a whole number').min(2, 'must be at least 2').max(10_000).optional(),
  fields: z
    .record(
      z.string().min(1, 'must not be empty'),
      z.strictObject({ ...thresholds, kind: z.enum(DRIFT_FIELD_KINDS).optional(), ignore: z.boolean().optional() }),
    )
    .optional(),
});
