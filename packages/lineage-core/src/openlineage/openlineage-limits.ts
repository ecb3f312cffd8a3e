/** Bounds that keep validation cheap and safe on hostile input. */
export const OPENLINEAGE_LIMITS = {
  /** Default cap on an event's size: bytes of JSON text, or the estimated serialized size of a value. */
  maxBytes: 2 * 1024 * 1024,
  /** Deepest nesting of objects and arrays accepted (the event itself is depth 1). */
  maxDepth: 64,
  /** Most column-lineage and `lineage`-facet inputs accepted across the whole event. */
  maxInputFields: 10_000,
} as const;
