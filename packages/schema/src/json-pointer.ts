/** JSON Pointer (RFC 6901) helpers for the paths in violations. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function appendPointer(base: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((path, token) => `${path}/${escapePointerToken(token)}`, base);
}
