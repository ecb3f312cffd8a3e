/**
 * 32-bit hashes for the distinct-count sketch. MurmurHash3 (x86, 32-bit) over a string's UTF-16 code units, two per
 * block, and its finaliser over a number's 64 bits. In process rather than from a library (ADR 0013): xxhash-wasm cost
 * ~200 ns a call (the string crosses into WebAssembly), most of the profiler's time; murmurhash-js reads only each
 * code unit's low byte, so non-Latin values would collide.
 */
// Hot-path globals read once: a global lookup costs microseconds inside a vm context (Jest's), not in plain Node.
const { imul } = Math;

export function hashText(text: string): number {
  let hash = 0x9747b28c;
  const length = text.length;
  let index = 0;
  for (; index + 1 < length; index += 2) {
    hash ^= mixBlock(text.charCodeAt(index) | (text.charCodeAt(index + 1) << 16));
    hash = (hash << 13) | (hash >>> 19);
    hash = (imul(hash, 5) + 0xe6546b64) | 0;
  }
  if (index < length) hash ^= mixBlock(text.charCodeAt(index));
  return finalMix(hash ^ (length * 2));
}

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

/** A number's hash by its IEEE 754 bits (-0 read as 0): equal numbers, equal hashes. */
export function hashNumber(value: number): number {
  FLOAT[0] = value + 0;
  return finalMix(WORDS[0]! ^ finalMix(WORDS[1]! ^ 0x85ebca6b));
}

function mixBlock(block: number): number {
  let k = imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return imul(k, 0x1b873593);
}

function finalMix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
