import type { JsonSchemaComparer } from './compare-json-schemas';
import type { JsonSchemaNode } from './model';

type ObjectNode = Extract<JsonSchemaNode, { kind: 'object' }>;

/** Object keywords in Confluent's order: required, properties, dependencies, additionalProperties, counts. */
export function compareObjects(
  comparer: JsonSchemaComparer,
  original: ObjectNode,
  update: ObjectNode,
  path: string,
): void {
  for (const name of original.properties.keys()) {
    if (!update.properties.has(name)) continue;
    const was = original.required.includes(name);
    const is = update.required.includes(name);
    if (was && !is) comparer.add('REQUIRED_ATTRIBUTE_REMOVED', `${path}/required/${name}`);
    if (!was && is) {
      comparer.add(
        update.properties.get(name)!.meta.hasDefault
          ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED'
          : 'REQUIRED_ATTRIBUTE_ADDED',
        `${path}/required/${name}`,
      );
    }
  }

  for (const [name, before] of original.properties) {
    const at = `${path}/properties/${name}`;
    const after = update.properties.get(name);
    if (after) comparer.compare(before, after, at);
    else propertyRemoved(comparer, before, update, name, at);
  }
  for (const [name, after] of update.properties) {
    if (!original.properties.has(name))
      propertyAdded(comparer, after, original, update, name, `${path}/properties/${name}`);
  }

  compareDependencies(comparer, original, update, path);

  const at = `${path}/additionalProperties`;
  if (original.permitsAdditionalProperties !== update.permitsAdditionalProperties) {
    comparer.add(
      update.permitsAdditionalProperties ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED',
      at,
    );
  } else if (!original.additionalProperties && update.additionalProperties)
    comparer.add('ADDITIONAL_PROPERTIES_NARROWED', at);
  else if (original.additionalProperties && !update.additionalProperties)
    comparer.add('ADDITIONAL_PROPERTIES_EXTENDED', at);
  else if (original.additionalProperties && update.additionalProperties)
    comparer.compare(original.additionalProperties, update.additionalProperties, at);

  comparer.bound('MAX_PROPERTIES', original.maxProperties, update.maxProperties, `${path}/maxProperties`);
  comparer.bound('MIN_PROPERTIES', original.minProperties, update.minProperties, `${path}/minProperties`);
}

function isOpen(node: ObjectNode): boolean {
  return node.patternProperties.length === 0 && node.permitsAdditionalProperties && !node.additionalProperties;
}

/** The schema a partially open content model applies to a property it does not declare, if any. */
function coveringSchema(node: ObjectNode, name: string): JsonSchemaNode | undefined {
  return node.patternProperties.find(({ pattern }) => pattern.test(name))?.schema ?? node.additionalProperties;
}

function propertyRemoved(
  comparer: JsonSchemaComparer,
  before: JsonSchemaNode,
  update: ObjectNode,
  name: string,
  at: string,
): void {
  if (isOpen(update)) return comparer.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', at);
  const covering = coveringSchema(update, name);
  if (covering) {
    const result = comparer.sub(before, covering, at);
    comparer.take(result);
    return comparer.add(
      result.compatible
        ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      at,
    );
  }
  comparer.add(
    before.kind === 'false'
      ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
      : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    at,
  );
}

function propertyAdded(
  comparer: JsonSchemaComparer,
  after: JsonSchemaNode,
  original: ObjectNode,
  update: ObjectNode,
  name: string,
  at: string,
): void {
  const required = update.required.includes(name);
  if (isOpen(original)) {
    if (after.kind === 'empty') return comparer.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', at);
    if (!required) return comparer.add('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', at);
    return comparer.add(
      after.meta.hasDefault
        ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL'
        : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      at,
    );
  }
  const covering = coveringSchema(original, name);
  if (covering) {
    const result = comparer.sub(covering, after, at);
    comparer.take(result);
    comparer.add(
      result.compatible
        ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      at,
    );
  }
  if (!required) return comparer.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', at);
  comparer.add(
    after.meta.hasDefault
      ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'
      : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    at,
  );
}

function compareDependencies(
  comparer: JsonSchemaComparer,
  original: ObjectNode,
  update: ObjectNode,
  path: string,
): void {
  const names = new Set([...original.dependencyArrays.keys(), ...update.dependencyArrays.keys()]);
  for (const name of names) {
    const at = `${path}/dependencies/${name}`;
    const before = original.dependencyArrays.get(name);
    const after = update.dependencyArrays.get(name);
    if (!before) comparer.add('DEPENDENCY_ARRAY_ADDED', at);
    else if (!after) comparer.add('DEPENDENCY_ARRAY_REMOVED', at);
    else {
      const grew = before.every((d) => after.includes(d));
      const shrank = after.every((d) => before.includes(d));
      if (!(grew && shrank))
        comparer.add(
          grew ? 'DEPENDENCY_ARRAY_EXTENDED' : shrank ? 'DEPENDENCY_ARRAY_NARROWED' : 'DEPENDENCY_ARRAY_CHANGED',
          at,
        );
    }
  }
  const schemaNames = new Set([...original.dependencySchemas.keys(), ...update.dependencySchemas.keys()]);
  for (const name of schemaNames) {
    const at = `${path}/dependencies/${name}`;
    const before = original.dependencySchemas.get(name);
    const after = update.dependencySchemas.get(name);
    if (!before) comparer.add('DEPENDENCY_SCHEMA_ADDED', at);
    else if (!after) comparer.add('DEPENDENCY_SCHEMA_REMOVED', at);
    else comparer.compare(before, after, at);
  }
}
