import { EnforcementError } from '../enforcement.errors';

/** Confluent's subject name strategies: which subject a topic's keys or values are registered under. */
export type SubjectStrategy = 'topic' | 'record' | 'topic-record';

/** The subject for a record on a topic; the record strategies need the schema's record name. */
export function subjectFor(
  strategy: SubjectStrategy,
  topic: string,
  isKey: boolean,
  recordName: string | undefined,
): string {
  if (strategy === 'topic') return `${topic}-${isKey ? 'key' : 'value'}`;
  if (recordName === undefined) {
    throw new EnforcementError(
      'registry-refused',
      `the ${strategy} subject strategy needs a named record (an Avro record, or a JSON Schema with a title)`,
    );
  }
  return strategy === 'record' ? recordName : `${topic}-${recordName}`;
}
