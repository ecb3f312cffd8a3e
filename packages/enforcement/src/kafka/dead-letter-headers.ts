/** Headers every dead letter carries: why it was refused, and where it came from. */
export const DEAD_LETTER_HEADERS = {
  errorClass: 'charter-error-class',
  message: 'charter-error-message',
  topic: 'charter-original-topic',
  partition: 'charter-original-partition',
  offset: 'charter-original-offset',
  timestamp: 'charter-original-timestamp',
  schemaId: 'charter-schema-id',
} as const;

/**
 * Set on a dead letter sent without its value, naming why (`record-too-large`): the dead-letter topic would refuse
 * the record as it arrived, and a letter that cannot be written would block its partition for good.
 */
export const OMITTED_VALUE_HEADER = 'charter-value-omitted';

/** The size in bytes of the value a letter omits. */
export const OMITTED_BYTES_HEADER = 'charter-value-bytes';
