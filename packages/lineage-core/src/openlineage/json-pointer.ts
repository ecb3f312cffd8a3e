/** Appends one segment to a JSON pointer (RFC 6901): `appendPointer('/fields', 'a/b')` → `/fields/a~1b`. */
export function appendPointer(pointer: string, segment: string | number): string {
  // Most segments need no escaping: skip the two replacements for them (validation builds a pointer per value).
  if (typeof segment === 'number' || !/[~/]/.test(segment)) return `${pointer}/${segment}`;
  return `${pointer}/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
