import { RegistryErrors } from '../errors/registry.errors';

/** Subject names that Confluent reserves (the global config scope and the empty-context marker). */
const RESERVED_SUBJECTS = new Set(['__GLOBAL', '__EMPTY']);
/** Longer than any Kafka topic-derived subject (topic names stop at 249 characters). */
export const MAX_SUBJECT_LENGTH = 1_024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** A subject name checked by {@link parseSubjectName}: one the registry may store. */
export type SubjectName = string & { readonly __subjectName: true };

/** The path's (or body's) subject as a name the registry may store; 42208 otherwise. */
export function parseSubjectName(subject: string): SubjectName {
  assertValidSubject(subject);
  return subject as SubjectName;
}

/**
 * Refuses subject names a registry must not store (42208): control characters, the reserved names, and (a Charter
 * limit) names over 1 024 characters. Everything else is accepted as Confluent does, including spaces and `/`.
 */
export function assertValidSubject(subject: string): void {
  if (CONTROL_CHARACTERS.test(subject)) throw RegistryErrors.invalidSubject(subject, 'It contains control characters.');
  if (RESERVED_SUBJECTS.has(subject)) throw RegistryErrors.invalidSubject(subject, 'The name is reserved.');
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw RegistryErrors.invalidSubject(
      subject.slice(0, 64),
      `It is ${subject.length} characters long; the limit is ${MAX_SUBJECT_LENGTH}.`,
    );
  }
}
