import { createHash } from 'node:crypto';
import type { ParsedSchema } from './parse-schema';

/**
 * The version of {@link fingerprintSchema}: raised whenever a schema's fingerprint could change (the canonical form,
 * what it keeps, how references count), so that stores holding fingerprints know to recompute them.
 * 1: the first content form; 2: nested named types and field attributes kept at every depth (issue #11).
 */
export const FINGERPRINT_VERSION = 2;

/**
 * The content address of a schema: sha256 (hex) over its type, its canonical form and the references it names.
 * Whitespace and key order never change it; a doc, default or reference change does.
 */
export function fingerprintSchema(schema: ParsedSchema): string {
  const hash = createHash('sha256');
  hash.update(schema.schemaType);
  hash.update('\n');
  hash.update(schema.canonical);
  const references = schema.references.map((reference) => `${reference.name}=${reference.source ?? ''}`).sort();
  for (const reference of references) {
    hash.update('\n');
    hash.update(reference);
  }
  return hash.digest('hex');
}
