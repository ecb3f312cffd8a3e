/**
 * Cache entries are grouped in scopes; a write invalidates whole scopes, never single keys, so a reader can never
 * mix an old and a new answer about the same subject. Names are the wire format of the invalidation channel.
 */
export const CacheScope = {
  /** One subject's versions (registrations and deletes change them). */
  subject: (subject: string) => `subject:${subject}`,
  /** One subject's config and mode (kept apart so that registrations leave them cached). */
  settings: (subject: string) => `settings:${subject}`,
  /** One schema by id: its content (immutable) and whether any version still refers to it. */
  schema: (id: number) => `schema:${id}`,
  /** The global config and mode. */
  global: 'global',
} as const;

/** What a cached value may change by: content by id never changes; everything else can. */
export type CacheKind = 'immutable' | 'mutable';
