import { type CompatibilityLevel, isCompatibilityLevel } from '@charter/schema';
import type { SubjectSettingRecord } from '../storage/registry-records';

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

export function isReadOnly(mode: Mode): boolean {
  return mode === 'READONLY' || mode === 'READONLY_OVERRIDE';
}

/** What applies to a subject once its own settings, the global ones and the server defaults are layered. */
export interface EffectiveSettings {
  compatibility: CompatibilityLevel;
  normalize: boolean;
  mode: Mode;
  /** Only versions whose `metadata.properties[compatibilityGroup]` matches the candidate's are compared. */
  compatibilityGroup: string | undefined;
}

export function resolveSettings(
  subject: SubjectSettingRecord,
  global: SubjectSettingRecord,
  defaultCompatibility: CompatibilityLevel,
): EffectiveSettings {
  const pick = (key: string): unknown => subject.config?.[key] ?? global.config?.[key];
  const compatibility = pick('compatibility');
  const group = pick('compatibilityGroup');
  const mode = subject.mode ?? global.mode;
  return {
    compatibility: isCompatibilityLevel(compatibility) ? compatibility : defaultCompatibility,
    normalize: pick('normalize') === true,
    mode: isMode(mode) ? mode : 'READWRITE',
    compatibilityGroup: typeof group === 'string' && group.length > 0 ? group : undefined,
  };
}
