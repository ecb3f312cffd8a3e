import { DRIFT_FIELD_KINDS } from '@charter/contracts';
import { InvalidInputError } from '@charter/errors';
import { z } from 'zod';
import { HLL_PRECISION } from '../sketch/hyper-log-log';
import type { SerializedFieldProfile } from './field-profile';
import { WindowProfile } from './window-profile';

export const PROFILE_FORMAT = 'charter-drift-profile';

/** A baseline as `charter profile` writes it: every field's sketches, serialisable and mergeable. */
export interface StoredProfile {
  format: typeof PROFILE_FORMAT;
  version: 1;
  contract: { id: string; version?: string };
  source: string;
  created_at: string;
  /** How many windows of `windowRecords` it spans, and how many records. */
  windows: number;
  count: number;
  start: string;
  end: string;
  fields: Record<string, SerializedFieldProfile>;
}

const count = z.number().int().min(0);
const store = z.strictObject({ offset: z.number().int(), counts: z.array(z.number().min(0)).max(100_000) });
const fieldSchema = z.strictObject({
  kind: z.enum(DRIFT_FIELD_KINDS),
  count,
  nulls: count,
  mismatched: count,
  distinct: z.strictObject({
    estimate: z.number().min(0),
    registers: z.string().length(4 * Math.ceil(2 ** HLL_PRECISION / 3), 'is not 4 096 base64 registers'),
  }),
  numeric: z
    .strictObject({
      relativeAccuracy: z.literal(0.01),
      count: z.number().min(0),
      sum: z.number(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      zeroCount: z.number().min(0),
      positive: store,
      negative: store,
    })
    .optional(),
  categories: z
    .strictObject({
      limit: z.number().int().min(2),
      total: count,
      other: count,
      counts: z.record(z.string(), count),
    })
    .optional(),
});
const profileSchema = z.strictObject({
  format: z.literal(PROFILE_FORMAT),
  version: z.literal(1),
  contract: z.strictObject({ id: z.string().min(1), version: z.string().optional() }),
  source: z.string(),
  created_at: z.string(),
  windows: count,
  count,
  start: z.string(),
  end: z.string(),
  fields: z.record(z.string(), fieldSchema),
});

/** Reads a stored profile (parsed JSON); anything else is an `invalid-profile` error naming the first bad key. */
export function parseStoredProfile(value: unknown): StoredProfile {
  const result = profileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length === 0 ? 'the profile' : issue.path.map(String).join('.');
    throw new InvalidInputError('invalid-profile', `not a Charter drift profile: ${where}: ${issue.message}`, {
      details: { path: issue.path.map(String) },
    });
  }
  return result.data as StoredProfile;
}

/** The baseline a stored profile holds, as a profile the tests compare windows with. */
export function baselineFromStored(profile: StoredProfile): WindowProfile {
  return WindowProfile.fromFields(profile.fields, {
    start: Date.parse(profile.start),
    end: Date.parse(profile.end),
    count: profile.count,
  });
}
