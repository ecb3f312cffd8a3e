export { fieldSpecsFromAvroSchema } from './avro-field-specs';
export type { DriftEvent } from './drift-event';
export { type ClosedWindow, DriftProfiler, type DriftProfilerOptions } from './drift-profiler';
export {
  DEFAULT_DRIFT_SETTINGS,
  NULL_RATE_FLOOR,
  type ResolvedDriftSettings,
  type ResolvedThresholds,
  resolveDriftSettings,
  thresholdsFor,
} from './drift-settings';
export { type FieldSpec, fieldSpec, fieldSpecsFromContract } from './field-specs';
export { FieldProfile, type SerializedFieldProfile } from './profile/field-profile';
export {
  baselineFromStored,
  PROFILE_FORMAT,
  parseStoredProfile,
  type StoredProfile,
} from './profile/stored-profile';
export { readPath, WindowProfile } from './profile/window-profile';
export { detectDrift, type ProfileRecordsOptions, profileRecords } from './profile-records';
export { CategoryCounts, type SerializedCategoryCounts } from './sketch/category-counts';
export { hashNumber, hashText } from './sketch/hash-value';
export { HLL_PRECISION, HyperLogLog } from './sketch/hyper-log-log';
export {
  NumericSketch,
  RELATIVE_ACCURACY,
  type SerializedNumericSketch,
  type SketchBin,
} from './sketch/numeric-sketch';
export { type DriftTest, type DriftTestResult, evaluateWindow, MIN_SAMPLE } from './tests/evaluate-window';
export { ksCriticalValue, ksStatistic, ksStatisticFromSketches } from './tests/kolmogorov-smirnov';
export { nullRateJump } from './tests/null-rate-jump';
export { categoricalPsi, PSI_EPSILON, populationStabilityIndex } from './tests/population-stability-index';
