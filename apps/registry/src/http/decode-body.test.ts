import fc from 'fast-check';
import { decodeBody } from './decode-body';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

function encode(text: string, encoding: Encoding, withMark = false): Buffer {
  const marked = withMark ? `\ufeff${text}` : text;
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(marked, 'utf8');
    case 'utf-16le':
      return Buffer.from(marked, 'utf16le');
    case 'utf-16be':
      return Buffer.from(marked, 'utf16le').swap16();
    default: {
      const codePoints = [...marked].map((c) => c.codePointAt(0)!);
      const bytes = Buffer.alloc(codePoints.length * 4);
      for (const [i, point] of codePoints.entries()) {
        if (encoding === 'utf-32le') bytes.writeUInt32LE(point, i * 4);
        else bytes.writeUInt32BE(point, i * 4);
      }
      return bytes;
    }
  }
}

const ENCODINGS: Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'];
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ value }));

describe('decodeBody', () => {
  it.each(ENCODINGS)('reads %s JSON with a byte-order mark, a charset, or neither (RFC 4627 detection)', (encoding) => {
    fc.assert(
      fc.property(json, fc.constantFrom('mark', 'charset', 'neither'), (text, how) => {
        const bytes = encode(text, encoding, how === 'mark');
        const contentType = `application/vnd.schemaregistry.v1+json${how === 'charset' ? `; charset=${encoding}` : ''}`;
        expect(decodeBody(bytes, contentType)).toEqual({ text });
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['utf-16 with a mark (what Python writes)', encode('{"a":1}', 'utf-16le', true), 'charset=utf-16', '{"a":1}'],
    ['utf-16 without a mark, big-endian', encode('{"a":1}', 'utf-16be'), 'charset=UTF-16', '{"a":1}'],
    ['utf-16 without a mark, little-endian', encode('{"a":1}', 'utf-16le'), 'charset="utf-16"', '{"a":1}'],
    ['a UTF-8 mark with no charset', encode('{"é":1}', 'utf-8', true), '', '{"é":1}'],
    ['a mark that contradicts the charset (the mark wins)', encode('{}', 'utf-16le', true), 'charset=utf-8', '{}'],
    ['ISO-8859-1', Buffer.from('{"x":"é"}', 'latin1'), 'charset=iso-8859-1', '{"x":"é"}'],
    ['an empty body', Buffer.alloc(0), '', ''],
  ])('reads %s', (_what, bytes, parameters, text) => {
    expect(decodeBody(bytes, `application/json; ${parameters}`)).toEqual({ text });
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x7d]), 'charset=utf-8'],
    ['a lone UTF-16 surrogate', Buffer.from([0x00, 0xd8, 0x7b, 0x00]), 'charset=utf-16le'],
    ['UTF-32 of a length not a multiple of four', Buffer.from([0, 0, 0, 0x7b, 0]), 'charset=utf-32be'],
    ['UTF-32 beyond U+10FFFF', Buffer.from([0, 0x11, 0, 0]), 'charset=utf-32be'],
  ])('refuses %s', (_what, bytes, parameters) => {
    expect(decodeBody(bytes, `application/json; ${parameters}`)).toEqual({ problem: 'invalid-text' });
  });

  it('names a charset it does not know', () => {
    expect(decodeBody(Buffer.from('{}'), 'application/json; charset=klingon')).toEqual({
      problem: 'unknown-charset',
      charset: 'klingon',
    });
  });
});
