import { z } from 'zod';

/**
 * Building blocks ODCS 3.1 uses everywhere: stable ids, tags, custom properties and authoritative definitions.
 * Written from the standard's text; objects the standard closes (`additionalProperties: false`) are strict here.
 */
export const stableIdSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must match ^[A-Za-z0-9_-]+$ (a stable id)');

export const tagsSchema = z.array(z.string());

/** Any JSON value: ODCS `AnyType`. */
export const anyValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

/** A string, number, boolean or null: ODCS `AnyNonCollectionType`. */
export const scalarValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const customPropertySchema = z.strictObject({
  id: stableIdSchema.optional(),
  property: z.string(),
  value: anyValueSchema,
  description: z.string().optional(),
});

export const customPropertiesSchema = z.array(customPropertySchema);

export const authoritativeDefinitionSchema = z.strictObject({
  id: stableIdSchema.optional(),
  url: z.string(),
  type: z.string(),
  description: z.string().optional(),
});

export const authoritativeDefinitionsSchema = z.array(authoritativeDefinitionSchema);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** RFC 3339 full-date. */
export const dateSchema = z.string().refine(isCalendarDate, 'must be a date (YYYY-MM-DD)');

/** RFC 3339 date-time with a time zone. */
export const dateTimeSchema = z.string().refine((text) => {
  const match = DATE_TIME.exec(text);
  if (!match || !isCalendarDate(match[1]!)) return false;
  return Number(match[2]) <= 23 && Number(match[3]) <= 59 && Number(match[4]) <= 60;
}, 'must be an RFC 3339 date-time with a time zone, e.g. 2025-01-31T09:00:00Z');

/** A URI: an absolute reference with a scheme. */
export const uriSchema = z.string().refine((text) => {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}, 'must be an absolute URI');
