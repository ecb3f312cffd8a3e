const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** A UUID in its 8-4-4-4-12 hex form, any case, any version (RFC 9562). The `urn:uuid:` form is not a run id. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
