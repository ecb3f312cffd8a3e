/**
 * Every code `validateOpenLineageEvent` and `readOpenLineageEvent` can report. Stable: tests and callers match on
 * these, never on messages.
 *
 * - Mirroring the official schema: `invalid-type`, `required`, `invalid-date-time`, `invalid-uri`, `invalid-uuid`,
 *   `unknown-event-type`, `unknown-event-kind`, `unknown-lineage-type`, `out-of-range`.
 * - Charter's own, stricter rules (the official schema accepts): `empty-string`, `ambiguous-event-kind`,
 *   `unknown-transformation-type`, `unknown-transformation-subtype`.
 * - Bounds: `too-deep`, `too-large`, `too-many-input-fields`, and `malformed-json` for text.
 */
export const OPENLINEAGE_VIOLATION_CODES = [
  'malformed-json',
  'too-large',
  'too-deep',
  'too-many-input-fields',
  'invalid-type',
  'required',
  'invalid-date-time',
  'invalid-uri',
  'invalid-uuid',
  'unknown-event-type',
  'unknown-event-kind',
  'ambiguous-event-kind',
  'empty-string',
  'unknown-lineage-type',
  'out-of-range',
  'unknown-transformation-type',
  'unknown-transformation-subtype',
] as const;

export type OpenLineageViolationCode = (typeof OPENLINEAGE_VIOLATION_CODES)[number];
