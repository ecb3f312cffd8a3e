export type DecodedBody =
  | { text: string }
  | { problem: 'unknown-charset'; charset: string }
  | { problem: 'invalid-text' };

/**
 * Request body bytes to text as Confluent's JSON parser (Jackson) reads them: a byte-order mark decides the
 * encoding, then the `charset` of the Content-Type, then the pattern of zero bytes at the start (RFC 4627 §3: JSON
 * text begins with two ASCII characters). UTF-8, UTF-16 and UTF-32 in either byte order, and ISO-8859-1.
 */
export function decodeBody(bytes: Buffer, contentType: string | undefined): DecodedBody {
  const bom = byteOrderMark(bytes);
  const charset = charsetOf(contentType);
  let text: string | undefined;
  if (bom) {
    text = decode(bytes.subarray(bom.length), bom.encoding);
  } else {
    const encoding = charset === undefined ? sniff(bytes) : CHARSETS[charset];
    if (encoding === undefined) return { problem: 'unknown-charset', charset: charset ?? '' };
    // "utf-16" and "utf-32" without a mark: the bytes tell the order (big-endian when they cannot).
    text = decode(bytes, encoding === 'utf-16' || encoding === 'utf-32' ? orderOf(bytes, encoding) : encoding);
  }
  return text === undefined ? { problem: 'invalid-text' } : { text };
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'latin1';

const CHARSETS: Record<string, Encoding | 'utf-16' | 'utf-32'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-32': 'utf-32',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
};

function byteOrderMark(bytes: Buffer): { length: number; encoding: Encoding } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { length: 4, encoding: 'utf-32be' };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { length: 4, encoding: 'utf-32le' };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { length: 3, encoding: 'utf-8' };
  if (a === 0xfe && b === 0xff) return { length: 2, encoding: 'utf-16be' };
  if (a === 0xff && b === 0xfe) return { length: 2, encoding: 'utf-16le' };
  return undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

/** RFC 4627 §3: `00 00 00 xx` UTF-32BE, `xx 00 00 00` UTF-32LE, `00 xx 00 xx` UTF-16BE, `xx 00 xx 00` UTF-16LE. */
function sniff(bytes: Buffer): Encoding {
  if (bytes.length < 4) return bytes.length >= 2 && bytes[0] === 0 ? 'utf-16be' : 'utf-8';
  const zero = [bytes[0] === 0, bytes[1] === 0, bytes[2] === 0, bytes[3] === 0];
  if (zero[0] && zero[1] && zero[2] && !zero[3]) return 'utf-32be';
  if (!zero[0] && zero[1] && zero[2] && zero[3]) return 'utf-32le';
  if (zero[0] && !zero[1] && zero[2] && !zero[3]) return 'utf-16be';
  if (!zero[0] && zero[1] && !zero[2] && zero[3]) return 'utf-16le';
  return 'utf-8';
}

function orderOf(bytes: Buffer, width: 'utf-16' | 'utf-32'): Encoding {
  const sniffed = sniff(bytes);
  if (width === 'utf-16') return sniffed === 'utf-16le' ? 'utf-16le' : 'utf-16be';
  return sniffed === 'utf-32le' ? 'utf-32le' : 'utf-32be';
}

const decoders = {
  'utf-8': new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  'utf-16le': new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }),
  'utf-16be': new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true }),
};

function decode(bytes: Buffer, encoding: Encoding): string | undefined {
  try {
    switch (encoding) {
      case 'utf-8':
      case 'utf-16le':
      case 'utf-16be':
        return decoders[encoding].decode(bytes);
      case 'latin1':
        return bytes.toString('latin1');
      default:
        return decodeUtf32(bytes, encoding === 'utf-32le');
    }
  } catch {
    return undefined;
  }
}

function decodeUtf32(bytes: Buffer, littleEndian: boolean): string | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const codePoint = littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
    text += String.fromCodePoint(codePoint);
  }
  return text;
}
