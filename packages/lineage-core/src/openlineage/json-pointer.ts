/** Appends one segment to a JSON pointer (RFC 6901): `appendPointer('/fields', 'a/b')` → `/fields/a~1b`. */
export function appendPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
