import { compareJsonSchemas, isCompatibleDifference } from '../json-schema/compare-json-schemas';
import type { Difference, DifferenceType } from '../json-schema/differences';
import type { JsonSchemaNode } from '../json-schema/model';
import type { ChangeKind, SchemaChange } from './schema-change';

/**
 * Lists changes between two JSON Schemas: every Confluent-style difference, classified into Charter's taxonomy, with
 * `backward` from comparing previous→candidate and `forward` from comparing candidate→previous at the same path.
 */
export function diffJsonSchema(previous: JsonSchemaNode, candidate: JsonSchemaNode): SchemaChange[] {
  const backward = compareJsonSchemas(previous, candidate);
  const forwardBreaks = compareJsonSchemas(candidate, previous)
    .filter((d) => !isCompatibleDifference(d))
    .map((d) => d.path);
  // The reverse comparison may report the same change higher up (e.g. a combined schema whose member changed).
  const breaksForward = (path: string) =>
    forwardBreaks.some((p) => p === path || path.startsWith(`${p}/`) || p.startsWith(`${path}/`));
  return backward.map((difference) => ({
    kind: classify(difference.type),
    field: fieldOf(difference.path),
    path: difference.path,
    message: `${difference.type.toLowerCase().replace(/_/g, ' ')} at ${difference.path}`,
    breaking: { backward: !isCompatibleDifference(difference), forward: breaksForward(difference.path) },
    details: { confluentType: difference.type },
  }));
}

function classify(type: DifferenceType): ChangeKind {
  if (
    /^(OPTIONAL_PROPERTY_ADDED|PROPERTY_WITH_EMPTY_SCHEMA_ADDED|PROPERTY_ADDED_IS_COVERED|PROPERTY_ADDED_NOT_COVERED)/.test(
      type,
    )
  )
    return 'field-added-optional';
  if (/^REQUIRED_PROPERTY_WITH_DEFAULT_ADDED/.test(type)) return 'field-added-with-default';
  if (/^REQUIRED_PROPERTY_ADDED/.test(type)) return 'field-added-without-default';
  if (/^PROPERTY_(WITH_FALSE_)?REMOVED/.test(type)) return 'field-removed';
  if (type === 'REQUIRED_ATTRIBUTE_ADDED' || type === 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED') return 'required-added';
  if (type === 'REQUIRED_ATTRIBUTE_REMOVED') return 'required-removed';
  if (
    type === 'TYPE_EXTENDED' ||
    type === 'SUM_TYPE_EXTENDED' ||
    type === 'COMBINED_TYPE_EXTENDED' ||
    type === 'PRODUCT_TYPE_NARROWED' ||
    type === 'NOT_TYPE_NARROWED'
  )
    return 'type-widened';
  if (
    type === 'TYPE_NARROWED' ||
    type === 'SUM_TYPE_NARROWED' ||
    type === 'PRODUCT_TYPE_EXTENDED' ||
    type === 'NOT_TYPE_EXTENDED'
  )
    return 'type-narrowed';
  if (type === 'TYPE_CHANGED' || type === 'COMBINED_TYPE_CHANGED' || type === 'COMBINED_TYPE_SUBSCHEMAS_CHANGED')
    return 'type-changed';
  if (type === 'ENUM_ARRAY_EXTENDED') return 'enum-extended';
  if (type === 'ENUM_ARRAY_NARROWED') return 'enum-narrowed';
  if (type === 'ENUM_ARRAY_CHANGED') return 'enum-changed';
  if (type === 'DEFAULT_CHANGED') return 'default-changed';
  if (
    type === 'ADDITIONAL_PROPERTIES_ADDED' ||
    type === 'ADDITIONAL_PROPERTIES_EXTENDED' ||
    type === 'ADDITIONAL_ITEMS_ADDED' ||
    type === 'ADDITIONAL_ITEMS_EXTENDED'
  )
    return 'content-model-opened';
  if (
    type === 'ADDITIONAL_PROPERTIES_REMOVED' ||
    type === 'ADDITIONAL_PROPERTIES_NARROWED' ||
    type === 'ADDITIONAL_ITEMS_REMOVED' ||
    type === 'ADDITIONAL_ITEMS_NARROWED'
  )
    return 'content-model-closed';
  if (/^ITEM_.*ADDED/.test(type)) return 'field-added-optional';
  if (/^ITEM_.*REMOVED/.test(type)) return 'field-removed';
  if (type === 'ID_CHANGED' || type === 'TITLE_CHANGED' || type === 'DESCRIPTION_CHANGED') return 'annotation-changed';
  return isCompatibleDifference({ type, path: '' } as Difference) ? 'constraint-relaxed' : 'constraint-tightened';
}

/** `#/properties/a/properties/b/items` → `a.b[]`. */
function fieldOf(path: string): string {
  const tokens = path.replace(/^#\/?/, '').split('/').filter(Boolean);
  let field = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'properties' && tokens[i + 1] !== undefined) {
      field = field ? `${field}.${tokens[++i]}` : tokens[++i]!;
    } else if (token === 'items') {
      field = `${field}[]`;
      if (/^\d+$/.test(tokens[i + 1] ?? '')) i++;
    } else if (token === 'required' && tokens[i + 1] !== undefined) {
      field = field ? `${field}.${tokens[++i]}` : tokens[++i]!;
    }
  }
  return field;
}
