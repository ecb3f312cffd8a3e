import type { ReportedField } from '@charter/contracts';

/** Fields read from one facet at most; a longer list is not checked (its breaches would not be trustworthy cut). */
export const MAX_FACET_FIELDS = 100_000;
/** Deepest nesting of fields read. */
export const MAX_FACET_DEPTH = 64;

/**
 * The fields an OpenLineage `schema` dataset facet reports, read defensively (the value need not have been
 * validated): undefined when there is nothing to check — not an object, a facet asking to be deleted
 * (`_deleted: true`), `fields` absent, empty or not a list, more than {@link MAX_FACET_FIELDS} fields or deeper than
 * {@link MAX_FACET_DEPTH}. A field without a non-empty string `name` is skipped; a `type` that is not a string is
 * left out (unknown types are never mismatches).
 */
export function readSchemaFacetFields(facet: unknown): ReportedField[] | undefined {
  if (!isObject(facet) || facet._deleted === true || !Array.isArray(facet.fields)) return undefined;
  // No table has no columns: producers send an empty list when they do not know the schema yet (a run's START).
  if (facet.fields.length === 0) return undefined;
  const root: ReportedField[] = [];
  const stack: Array<{ given: unknown[]; into: ReportedField[]; depth: number }> = [
    { given: facet.fields, into: root, depth: 1 },
  ];
  let count = 0;
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.depth > MAX_FACET_DEPTH) return undefined;
    count += next.given.length;
    if (count > MAX_FACET_FIELDS) return undefined;
    for (const value of next.given) {
      if (!isObject(value) || typeof value.name !== 'string' || value.name === '') continue;
      const field: { name: string; type?: string; fields?: ReportedField[] } = { name: value.name };
      if (typeof value.type === 'string') field.type = value.type;
      if (Array.isArray(value.fields)) {
        field.fields = [];
        stack.push({ given: value.fields, into: field.fields, depth: next.depth + 1 });
      }
      next.into.push(field);
    }
  }
  return root;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
