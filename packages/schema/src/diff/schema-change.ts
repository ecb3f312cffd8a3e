/**
 * Charter's breaking-change taxonomy: what kind of change a schema diff holds, independent of format, so the CI
 * gate and the lineage service can reason about "a field was removed" without knowing Avro from JSON Schema.
 */
export const CHANGE_KINDS = [
  'field-added-with-default',
  'field-added-without-default',
  'field-added-optional',
  'field-removed',
  'field-renamed',
  'type-changed',
  'type-widened',
  'type-narrowed',
  'enum-extended',
  'enum-narrowed',
  'enum-changed',
  'required-added',
  'required-removed',
  'default-changed',
  'constraint-tightened',
  'constraint-relaxed',
  'content-model-opened',
  'content-model-closed',
  'name-changed',
  'size-changed',
  'annotation-changed',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface SchemaChange {
  kind: ChangeKind;
  /** Dotted path of the data field the change touches (`customer.address.zip`, `items[]`), '' for the root. */
  field: string;
  /** Where in the schema, in the format's own path style. */
  path: string;
  message: string;
  /**
   * Whether the change alone breaks readers: `backward` — consumers on the new schema reading old data;
   * `forward` — consumers still on the old schema reading new data.
   */
  breaking: { backward: boolean; forward: boolean };
  details?: Record<string, unknown>;
}
