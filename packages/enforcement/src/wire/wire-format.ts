import { EnforcementError } from '../enforcement.errors';

/** Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the payload. */
export const MAGIC_BYTE = 0;
export const HEADER_BYTES = 5;

/** Frames a payload for a schema id. */
export function encodeFrame(schemaId: number, payload: Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new RangeError(`schema id ${schemaId} does not fit the wire format (0 … 2^31-1)`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt8(MAGIC_BYTE, 0);
  frame.writeInt32BE(schemaId, 1);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** Splits a framed message into its schema id and payload; anything else is a `deserialization` error. */
export function decodeFrame(bytes: Uint8Array | null | undefined): { schemaId: number; payload: Buffer } {
  if (!bytes || bytes.length < HEADER_BYTES) {
    throw new EnforcementError(
      'deserialization',
      `a framed message has at least ${HEADER_BYTES} bytes (magic byte and schema id); this one has ${bytes?.length ?? 0}`,
    );
  }
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buffer[0] !== MAGIC_BYTE) {
    throw new EnforcementError(
      'deserialization',
      `unknown magic byte ${buffer[0]} (expected ${MAGIC_BYTE}: not Confluent's wire format)`,
    );
  }
  const schemaId = buffer.readInt32BE(1);
  if (schemaId < 0) throw new EnforcementError('deserialization', `negative schema id ${schemaId} in the header`);
  return { schemaId, payload: buffer.subarray(HEADER_BYTES) };
}
