import fc from 'fast-check';
import { hashDocument } from './hash-document';

/** Every object in `value` with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reverseKeys(item)]),
    );
  }
  return value;
}

describe('hashDocument', () => {
  it('hashes a document alike whatever the order of its keys, at any depth (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(hashDocument(reverseKeys(value))).toBe(hashDocument(value));
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('tells documents apart that differ in a value, a field, or the order of an array', () => {
    const base = {
      run_id: 'a',
      results: [
        { id: 'x', success: true },
        { id: 'y', success: false },
      ],
    };
    const variants = [
      { ...base, run_id: 'b' },
      { ...base, extra: null },
      { ...base, results: [...base.results].reverse() },
      {
        ...base,
        results: [
          { id: 'x', success: true },
          { id: 'y', success: true },
        ],
      },
      {
        ...base,
        results: [
          { id: 'x', success: '1' },
          { id: 'y', success: false },
        ],
      },
    ];
    const hashes = new Set([base, ...variants].map(hashDocument));
    expect(hashes.size).toBe(variants.length + 1);
  });
});
