const URI =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?[\]]|%[0-9A-Fa-f]{2})*(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

/**
 * An absolute URI (RFC 3986, JSON Schema's `uri` format): a scheme, then only characters a URI may hold (unreserved,
 * reserved, `%hh` escapes), at most one `#`. Spaces, quotes, `<>`, `{}`, `\` and bare `%` are refused; relative
 * references (no scheme) too.
 */
export function isUri(text: string): boolean {
  return URI.test(text);
}
