/** Finds the JSON pointer of a top-level customProperty's value in a contract document. */
export function customPropertyPointer(document: Record<string, unknown>, property: string): string | undefined {
  const entries = (document.customProperties ?? []) as Array<{ property?: unknown }>;
  const index = entries.findIndex((entry) => entry.property === property);
  return index < 0 ? undefined : `/customProperties/${index}/value`;
}
