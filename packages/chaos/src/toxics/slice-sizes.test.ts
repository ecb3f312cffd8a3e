/**
 * The slicer's cutting rule. Bad inputs: none reach it (the API refuses average_size < 1 and
 * size_variation ≥ average_size); total 0 and totals below the average are tried.
 */
import fc from 'fast-check';
import { sliceSizes } from './slice-sizes';

describe('sliceSizes', () => {
  it.each([
    { total: 0, average: 10, variation: 0, expected: [] },
    { total: 5, average: 10, variation: 0, expected: [5] },
    { total: 10, average: 10, variation: 0, expected: [10] },
    { total: 40, average: 10, variation: 0, expected: [10, 10, 10, 10] },
    { total: 3, average: 1, variation: 0, expected: [1, 1, 1] },
  ])('cuts $total bytes at $average ± $variation into $expected', ({ total, average, variation, expected }) => {
    expect(sliceSizes(total, average, variation)).toEqual(expected);
  });

  it('keeps every byte, and no slice is larger than average_size + size_variation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000 }),
        fc
          .integer({ min: 1, max: 5_000 })
          .chain((average) => fc.tuple(fc.constant(average), fc.integer({ min: 0, max: average - 1 }))),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (total, [average, variation], seed) => {
          let state = seed;
          const random = () => {
            state = (state * 9301 + 0.49297) % 1;
            return state;
          };
          const sizes = sliceSizes(total, average, variation, random);
          expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);
          expect(sizes.filter((size) => size < 1 || size > average + variation)).toEqual([]);
        },
      ),
    );
  });
});
