import fc from 'fast-check';
import { decodeFrame, encodeFrame } from './wire-format';

describe('Confluent wire format', () => {
  it('decodes what it encodes, for every id and payload', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.uint8Array({ maxLength: 256 }), (id, payload) => {
        const frame = encodeFrame(id, payload);
        expect(frame[0]).toBe(0);
        expect(frame.readInt32BE(1)).toBe(id);
        const decoded = decodeFrame(frame);
        expect(decoded.schemaId).toBe(id);
        expect(Buffer.compare(decoded.payload, Buffer.from(payload))).toBe(0);
      }),
    );
  });

  it.each([
    ['no bytes', null, 'at least 5 bytes'],
    ['an empty message', new Uint8Array(0), 'at least 5 bytes'],
    ['a truncated header', Uint8Array.of(0, 0, 0, 1), 'this one has 4'],
    ['a wrong magic byte', Uint8Array.of(1, 0, 0, 0, 7, 42), 'unknown magic byte 1'],
    ['plain JSON', Buffer.from('{"id":1}'), 'unknown magic byte 123'],
    ['a negative id', Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff), 'negative schema id -1'],
  ])('refuses %s as a deserialization error', (_name, bytes, message) => {
    expect(() => decodeFrame(bytes)).toThrow(expect.objectContaining({ errorClass: 'deserialization' }));
    expect(() => decodeFrame(bytes)).toThrow(message);
  });

  it('refuses an id the format cannot hold', () => {
    expect(() => encodeFrame(2 ** 31, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => encodeFrame(-1, Buffer.alloc(0))).toThrow(RangeError);
  });
});
