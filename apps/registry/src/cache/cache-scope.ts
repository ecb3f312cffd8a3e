/**
 * Cache entries are grouped in scopes; a write invalidates whole scopes, never single keys, so a reader can never
 * mix an old and a new answer about the same subject. Names are the wire format of the invalidation channel.
 */
export const CacheScope = {
  /** Everything about one subject: its version list, each version, its config and mode. */
  subject: (subject: string) => `subject:${subject}`,
  /** One schema by id: its content (immutable) and whether any version still refers to it. */
  schema: (id: number) => `schema:${id}`,
  /** The global config and mode. */
  global: 'global',
} as const;

/** What a cached value may change by: content by id never changes; everything else can. */
export type CacheKind = 'immutable' | 'mutable';
