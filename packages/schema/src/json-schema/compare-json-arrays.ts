import type { JsonSchemaComparer } from './compare-json-schemas';
import type { JsonSchemaNode } from './model';

type ArrayNode = Extract<JsonSchemaNode, { kind: 'array' }>;

/** Array keywords in Confluent's order: items, positional items, additionalItems, counts, uniqueness. */
export function compareArrays(
  comparer: JsonSchemaComparer,
  original: ArrayNode,
  update: ArrayNode,
  path: string,
): void {
  const itemsAt = `${path}/items`;
  if (!original.allItems && update.allItems) comparer.add('SCHEMA_ADDED', itemsAt);
  else if (original.allItems && !update.allItems) comparer.add('SCHEMA_REMOVED', itemsAt);
  else if (original.allItems && update.allItems) comparer.compare(original.allItems, update.allItems, itemsAt);

  const before = original.itemSchemas ?? [];
  const after = update.itemSchemas ?? [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const at = `${path}/items/${i}`;
    const was = before[i];
    const is = after[i];
    if (was && is) comparer.compare(was, is, at);
    else if (was) itemRemoved(comparer, was, update, at);
    else if (is) itemAdded(comparer, is, original, at);
  }

  const at = `${path}/additionalItems`;
  if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
    comparer.add(original.permitsAdditionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED', at);
  } else if (!original.additionalItems && update.additionalItems) comparer.add('ADDITIONAL_ITEMS_NARROWED', at);
  else if (original.additionalItems && !update.additionalItems) comparer.add('ADDITIONAL_ITEMS_EXTENDED', at);
  else if (original.additionalItems && update.additionalItems)
    comparer.compare(original.additionalItems, update.additionalItems, at);

  comparer.bound('MAX_ITEMS', original.maxItems, update.maxItems, `${path}/maxItems`);
  comparer.bound('MIN_ITEMS', original.minItems, update.minItems, `${path}/minItems`);
  if (!original.uniqueItems && update.uniqueItems) comparer.add('UNIQUE_ITEMS_ADDED', `${path}/uniqueItems`);
  if (original.uniqueItems && !update.uniqueItems) comparer.add('UNIQUE_ITEMS_REMOVED', `${path}/uniqueItems`);
}

function itemRemoved(comparer: JsonSchemaComparer, was: JsonSchemaNode, update: ArrayNode, at: string): void {
  if (update.permitsAdditionalItems && !update.additionalItems)
    return comparer.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', at);
  if (update.additionalItems) {
    const result = comparer.sub(was, update.additionalItems, at);
    comparer.take(result);
    return comparer.add(
      result.compatible
        ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      at,
    );
  }
  comparer.add(
    was.kind === 'false'
      ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
      : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    at,
  );
}

function itemAdded(comparer: JsonSchemaComparer, is: JsonSchemaNode, original: ArrayNode, at: string): void {
  if (original.permitsAdditionalItems && !original.additionalItems) {
    return comparer.add(
      is.kind === 'empty' ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
      at,
    );
  }
  if (original.additionalItems) {
    const result = comparer.sub(original.additionalItems, is, at);
    comparer.take(result);
    return comparer.add(
      result.compatible
        ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      at,
    );
  }
  comparer.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', at);
}
