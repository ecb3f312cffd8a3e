/** Builds a JSON pointer (RFC 6901) from path segments: `['schema', 0, 'a/b']` → `/schema/0/a~1b`. */
export function toJsonPointer(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Splits a JSON pointer into its segments: `/schema/0/a~1b` → `['schema', '0', 'a/b']`. */
export function fromJsonPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
