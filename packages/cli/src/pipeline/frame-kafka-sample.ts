import type { Serializer } from '@charter/enforcement';
import type { PipelineSample } from './read-pipeline-samples';

/** A schema id no registry of the samples' size holds: what `unknown-schema-id` frames a payload with. */
export const UNKNOWN_SCHEMA_ID = 2_000_000_000;
/** Confluent's frame: magic byte 0, then the schema id as a 4-byte big-endian integer, then the payload. */
const HEADER_BYTES = 5;

/**
 * The bytes a sample written straight to Kafka carries, as a misbehaving producer would write them: the value in
 * Confluent's frame for the topic's latest schema (`valid`, unchecked: it may break its contract), or broken on
 * purpose — another magic byte, a payload cut short, no frame at all, an id no registry holds, or framed for the
 * other topic's subject (`other`: the topic whose schema the value was written for).
 */
export async function frameKafkaSample(
  sample: PipelineSample,
  serializer: Pick<Serializer, 'serialize'>,
  other: string,
): Promise<Buffer> {
  if (sample.frame === 'other-subject') return serializer.serialize(other, sample.value);
  const framed = await serializer.serialize(sample.topic, sample.value);
  switch (sample.frame) {
    case 'valid':
      return framed;
    case 'wrong-magic':
      return Buffer.concat([Buffer.of(1), framed.subarray(1)]);
    case 'truncated':
      return framed.subarray(0, framed.length - 1);
    case 'no-frame':
      return framed.subarray(HEADER_BYTES);
    case 'unknown-schema-id': {
      const copy = Buffer.from(framed);
      copy.writeInt32BE(UNKNOWN_SCHEMA_ID, 1);
      return copy;
    }
    default:
      throw new Error(`sample ${sample.id}: no frame ${String(sample.frame)}`);
  }
}
