import type { EventChecker } from './event-checker';

/** `schema` (SchemaDatasetFacet): optional `fields`, each with a required `name` and optional nested `fields`. */
export function checkSchemaFacet(checker: EventChecker, facet: Record<string, unknown>, path: string): void {
  checker.eachItem(facet, 'fields', path, (field, fieldPath) => checkSchemaField(checker, field, fieldPath));
}

// Recursion is bounded: the event's nesting depth is checked before any facet is.
function checkSchemaField(checker: EventChecker, value: unknown, path: string): void {
  const field = checker.object(value, path, 'a schema field object');
  if (!field) return;
  checker.string(field, 'name', path, { required: true });
  checker.string(field, 'type', path);
  checker.string(field, 'description', path);
  checker.integer(field, 'ordinal_position', path);
  checker.eachItem(field, 'fields', path, (nested, nestedPath) => checkSchemaField(checker, nested, nestedPath));
}
