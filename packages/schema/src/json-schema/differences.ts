/**
 * The kinds of difference between two JSON Schemas, named as Confluent Schema Registry names them, and the subset
 * that keeps a reader of the updated schema able to read everything the original schema allowed.
 */
export const DIFFERENCE_TYPES = [
  'ID_CHANGED',
  'DESCRIPTION_CHANGED',
  'TITLE_CHANGED',
  'DEFAULT_CHANGED',
  'SCHEMA_ADDED',
  'SCHEMA_REMOVED',
  'TYPE_EXTENDED',
  'TYPE_NARROWED',
  'TYPE_CHANGED',
  'MAX_LENGTH_ADDED',
  'MAX_LENGTH_REMOVED',
  'MAX_LENGTH_INCREASED',
  'MAX_LENGTH_DECREASED',
  'MIN_LENGTH_ADDED',
  'MIN_LENGTH_REMOVED',
  'MIN_LENGTH_INCREASED',
  'MIN_LENGTH_DECREASED',
  'PATTERN_ADDED',
  'PATTERN_REMOVED',
  'PATTERN_CHANGED',
  'MAXIMUM_ADDED',
  'MAXIMUM_REMOVED',
  'MAXIMUM_INCREASED',
  'MAXIMUM_DECREASED',
  'MINIMUM_ADDED',
  'MINIMUM_REMOVED',
  'MINIMUM_INCREASED',
  'MINIMUM_DECREASED',
  'EXCLUSIVE_MAXIMUM_ADDED',
  'EXCLUSIVE_MAXIMUM_REMOVED',
  'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_DECREASED',
  'EXCLUSIVE_MINIMUM_ADDED',
  'EXCLUSIVE_MINIMUM_REMOVED',
  'EXCLUSIVE_MINIMUM_INCREASED',
  'EXCLUSIVE_MINIMUM_DECREASED',
  'MULTIPLE_OF_ADDED',
  'MULTIPLE_OF_REMOVED',
  'MULTIPLE_OF_EXPANDED',
  'MULTIPLE_OF_REDUCED',
  'MULTIPLE_OF_CHANGED',
  'REQUIRED_ATTRIBUTE_ADDED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
  'REQUIRED_ATTRIBUTE_REMOVED',
  'DEPENDENCY_ARRAY_ADDED',
  'DEPENDENCY_ARRAY_REMOVED',
  'DEPENDENCY_ARRAY_EXTENDED',
  'DEPENDENCY_ARRAY_NARROWED',
  'DEPENDENCY_ARRAY_CHANGED',
  'DEPENDENCY_SCHEMA_ADDED',
  'DEPENDENCY_SCHEMA_REMOVED',
  'MAX_PROPERTIES_ADDED',
  'MAX_PROPERTIES_REMOVED',
  'MAX_PROPERTIES_INCREASED',
  'MAX_PROPERTIES_DECREASED',
  'MIN_PROPERTIES_ADDED',
  'MIN_PROPERTIES_REMOVED',
  'MIN_PROPERTIES_INCREASED',
  'MIN_PROPERTIES_DECREASED',
  'ADDITIONAL_PROPERTIES_ADDED',
  'ADDITIONAL_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_EXTENDED',
  'ADDITIONAL_PROPERTIES_NARROWED',
  'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'MAX_ITEMS_ADDED',
  'MAX_ITEMS_REMOVED',
  'MAX_ITEMS_INCREASED',
  'MAX_ITEMS_DECREASED',
  'MIN_ITEMS_ADDED',
  'MIN_ITEMS_REMOVED',
  'MIN_ITEMS_INCREASED',
  'MIN_ITEMS_DECREASED',
  'UNIQUE_ITEMS_ADDED',
  'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_EXTENDED',
  'ADDITIONAL_ITEMS_NARROWED',
  'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_EXTENDED',
  'ENUM_ARRAY_NARROWED',
  'ENUM_ARRAY_CHANGED',
  'COMBINED_TYPE_EXTENDED',
  'COMBINED_TYPE_CHANGED',
  'PRODUCT_TYPE_EXTENDED',
  'PRODUCT_TYPE_NARROWED',
  'SUM_TYPE_EXTENDED',
  'SUM_TYPE_NARROWED',
  'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
  'NOT_TYPE_EXTENDED',
  'NOT_TYPE_NARROWED',
] as const;

export type DifferenceType = (typeof DIFFERENCE_TYPES)[number];

export interface Difference {
  type: DifferenceType;
  /** Confluent's path form: `#/properties/name`. */
  path: string;
}

/** Confluent's default (strict) set of compatible differences. */
export const COMPATIBLE_DIFFERENCES: ReadonlySet<DifferenceType> = new Set<DifferenceType>([
  'ID_CHANGED',
  'DESCRIPTION_CHANGED',
  'TITLE_CHANGED',
  'DEFAULT_CHANGED',
  'SCHEMA_REMOVED',
  'TYPE_EXTENDED',
  'MAX_LENGTH_INCREASED',
  'MAX_LENGTH_REMOVED',
  'MIN_LENGTH_DECREASED',
  'MIN_LENGTH_REMOVED',
  'PATTERN_REMOVED',
  'MAXIMUM_INCREASED',
  'MAXIMUM_REMOVED',
  'MINIMUM_DECREASED',
  'MINIMUM_REMOVED',
  'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_REMOVED',
  'EXCLUSIVE_MINIMUM_DECREASED',
  'EXCLUSIVE_MINIMUM_REMOVED',
  'MULTIPLE_OF_REDUCED',
  'MULTIPLE_OF_REMOVED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
  'REQUIRED_ATTRIBUTE_REMOVED',
  'DEPENDENCY_ARRAY_NARROWED',
  'DEPENDENCY_ARRAY_REMOVED',
  'DEPENDENCY_SCHEMA_REMOVED',
  'MAX_PROPERTIES_INCREASED',
  'MAX_PROPERTIES_REMOVED',
  'MIN_PROPERTIES_DECREASED',
  'MIN_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_ADDED',
  'ADDITIONAL_PROPERTIES_EXTENDED',
  'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'MAX_ITEMS_INCREASED',
  'MAX_ITEMS_REMOVED',
  'MIN_ITEMS_DECREASED',
  'MIN_ITEMS_REMOVED',
  'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_EXTENDED',
  'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
  'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_EXTENDED',
  'COMBINED_TYPE_EXTENDED',
  'PRODUCT_TYPE_NARROWED',
  'SUM_TYPE_EXTENDED',
  'NOT_TYPE_NARROWED',
]);

/** Stable rule id for a difference type: `json-` and the kebab-cased Confluent name. */
export function jsonRuleId(type: DifferenceType): string {
  return `json-${type.toLowerCase().replace(/_/g, '-')}`;
}

/** Confluent's sentence for an incompatible difference, with reader and writer named ("new"/"old"). */
export function describeDifference(difference: Difference, reader: string, writer: string): string {
  const { type, path } = difference;
  const p = `'${path}'`;
  if (
    (/_(ADDED)$/.test(type) && !type.includes('PROPERTY') && !type.includes('ITEM') && type !== 'SCHEMA_ADDED') ||
    type === 'ADDITIONAL_ITEMS_REMOVED' ||
    type === 'ADDITIONAL_PROPERTIES_REMOVED'
  ) {
    return `The keyword at path ${p} in the ${reader} schema is not present in the ${writer} schema`;
  }
  if (/(MIN_[A-Z]+_INCREASED|MINIMUM_INCREASED|MULTIPLE_OF_EXPANDED)$/.test(type))
    return `The value at path ${p} in the ${reader} schema is more than its value in the ${writer} schema`;
  if (/(MAX_[A-Z]+_DECREASED|MAXIMUM_DECREASED)$/.test(type))
    return `The value at path ${p} in the ${reader} schema is less than its value in the ${writer} schema`;
  if (type === 'PATTERN_CHANGED' || type === 'MULTIPLE_OF_CHANGED' || type === 'DEPENDENCY_ARRAY_CHANGED')
    return `The value at path ${p} is different between the ${reader} and ${writer} schema`;
  if (
    type.endsWith('_NARROWED') &&
    type !== 'TYPE_NARROWED' &&
    type !== 'NOT_TYPE_NARROWED' &&
    type !== 'PRODUCT_TYPE_NARROWED'
  ) {
    return `An array or combined type at path ${p} has fewer elements in the ${reader} schema than the ${writer} schema`;
  }
  if (type === 'DEPENDENCY_ARRAY_EXTENDED' || type === 'PRODUCT_TYPE_EXTENDED' || type === 'NOT_TYPE_EXTENDED') {
    return `An array or combined type at path ${p} has more elements in the ${reader} schema than the ${writer} schema`;
  }
  if (
    [
      'TYPE_CHANGED',
      'TYPE_NARROWED',
      'COMBINED_TYPE_CHANGED',
      'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
      'ENUM_ARRAY_CHANGED',
    ].includes(type)
  ) {
    return `A type at path ${p} is different between the ${reader} schema and the ${writer} schema`;
  }
  if (type.endsWith('_ADDED_TO_OPEN_CONTENT_MODEL'))
    return `The ${reader} schema has an open content model and has a property or item at path ${p} which is missing in the ${writer} schema`;
  if (type === 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL')
    return `The ${reader} schema has an unopen content model and has a required property at path ${p} which is missing in the ${writer} schema`;
  if (type.endsWith('_REMOVED_FROM_CLOSED_CONTENT_MODEL'))
    return `The ${reader} schema has a closed content model and is missing a property or item present at path ${p} in the ${writer} schema`;
  if (type.endsWith('_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'))
    return `A property or item is missing in the ${reader} schema but present at path ${p} in the ${writer} schema and is not covered by its partially open content model`;
  if (type.endsWith('_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'))
    return `The ${reader} schema has a property or item at path ${p} which is missing in the ${writer} schema and is not covered by its partially open content model`;
  if (type === 'SCHEMA_ADDED')
    return `The ${reader} schema adds a schema at path ${p} that the ${writer} schema does not constrain`;
  return `${type} at path ${p}`;
}
