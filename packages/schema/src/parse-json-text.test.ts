import fc from 'fast-check';
import { exceedsJsonDepth } from './parse-json-text';

/** Nesting of arrays and objects, counted on the value (the oracle for the text scan). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value as Record<string, unknown>);
  return 1 + (children.length === 0 ? 0 : Math.max(...children.map(depthOf)));
}

describe('exceedsJsonDepth', () => {
  it('agrees with the depth of the parsed value, whatever the strings hold (quotes, backslashes, brackets)', () => {
    const text = fc.string({ unit: fc.constantFrom('"', '\\\\', '[', ']', '{', '}', 'a', '\\u0000', '\\') });
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { maxDepth: 6 },
        text,
        fc.integer(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 7 }), fc.boolean(), (value, limit, indent) => {
        const serialised = JSON.stringify(value, null, indent ? 2 : undefined);
        expect(exceedsJsonDepth(serialised, limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 2_000 },
    );
  });
});
