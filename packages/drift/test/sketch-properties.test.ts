import fc from 'fast-check';
import {
  CategoryCounts,
  FieldProfile,
  HyperLogLog,
  hashText,
  ksStatistic,
  ksStatisticFromSketches,
  NumericSketch,
  populationStabilityIndex,
} from '../src';

const seed = 20261206;
const counts = fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 40 });
const values = fc.array(
  fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -1_000, max: 1_000 }),
    fc.constantFrom(0, -0, 1e-12, 42),
  ),
  { minLength: 1, maxLength: 400 },
);

function sketchOf(numbers: readonly number[]): NumericSketch {
  const sketch = new NumericSketch();
  for (const value of numbers) sketch.add(value);
  return sketch;
}

describe('PSI', () => {
  it('is ~0 for identical distributions, whatever the sample sizes', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 50 }), (bins, scale) => {
        fc.pre(bins.some((count) => count > 0));
        const scaled = bins.map((count) => count * scale);
        expect(populationStabilityIndex(bins, scaled)).toBeCloseTo(0, 12);
      }),
      { seed },
    );
  });

  it('is never negative', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((length) =>
            fc.tuple(
              fc.array(fc.nat({ max: 10_000 }), { minLength: length, maxLength: length }),
              fc.array(fc.nat({ max: 10_000 }), { minLength: length, maxLength: length }),
            ),
          ),
        ([expected, actual]) => {
          expect(populationStabilityIndex(expected, actual)).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed },
    );
  });

  it('refuses bins that do not line up', () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('KS from sketches', () => {
  it('is within one bin of the exact KS on sorted arrays (never above it)', () => {
    fc.assert(
      fc.property(values, values, (left, right) => {
        const a = sketchOf(left);
        const b = sketchOf(right);
        const exact = ksStatistic(
          [...left].sort((x, y) => x - y),
          [...right].sort((x, y) => x - y),
        );
        const fromSketches = ksStatisticFromSketches(a, b);
        // The largest share a single bin holds on either side bounds what bins can hide.
        const binShare = Math.max(
          ...a.bins().map((bin) => bin.count / left.length),
          ...b.bins().map((bin) => bin.count / right.length),
        );
        expect(fromSketches).toBeLessThanOrEqual(exact + 1e-9);
        expect(fromSketches).toBeGreaterThanOrEqual(exact - binShare - 1e-9);
      }),
      { seed },
    );
  });

  it('is close to the exact KS on continuous data of 10 000 values', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.integer({ min: 1, max: 1_000 }), (shift, salt) => {
        const left = Array.from({ length: 10_000 }, (_, n) => 1_000 + ((n * 7919 + salt) % 10_007));
        const right = left.map((value) => value + shift * 300);
        const exact = ksStatistic(
          [...left].sort((x, y) => x - y),
          [...right].sort((x, y) => x - y),
        );
        expect(Math.abs(ksStatisticFromSketches(sketchOf(left), sketchOf(right)) - exact)).toBeLessThan(0.03);
      }),
      { seed, numRuns: 25 },
    );
  });
});

describe('merging is order-independent', () => {
  const parts = fc.array(values, { minLength: 2, maxLength: 5 });

  it('numeric sketches: the same bins and count whatever the merge order', () => {
    fc.assert(
      fc.property(parts, (chunks) => {
        const forward = new NumericSketch();
        for (const chunk of chunks) forward.merge(sketchOf(chunk));
        const backward = new NumericSketch();
        for (const chunk of [...chunks].reverse()) backward.merge(sketchOf(chunk));
        const whole = sketchOf(chunks.flat());
        expect(forward.bins()).toEqual(whole.bins());
        expect(backward.bins()).toEqual(whole.bins());
        expect(backward.count).toBe(whole.count);
      }),
      { seed },
    );
  });

  it('HyperLogLogs: the same registers whatever the merge order, and as one sketch of everything', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 200 }), { minLength: 2, maxLength: 5 }), (chunks) => {
        const sketch = (texts: string[]) => {
          const hll = new HyperLogLog();
          for (const text of texts) hll.add(hashText(text));
          return hll;
        };
        const forward = new HyperLogLog();
        for (const chunk of chunks) forward.merge(sketch(chunk));
        const backward = new HyperLogLog();
        for (const chunk of [...chunks].reverse()) backward.merge(sketch(chunk));
        expect(forward.registers).toEqual(sketch(chunks.flat()).registers);
        expect(backward.registers).toEqual(forward.registers);
      }),
      { seed },
    );
  });

  it('category counts under their limit: the same counts whatever the merge order', () => {
    const categories = fc.array(fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', '__proto__', 'constructor'), {
      maxLength: 300,
    });
    fc.assert(
      fc.property(fc.array(categories, { minLength: 2, maxLength: 5 }), (chunks) => {
        const countsOf = (chunk: string[]) => {
          const into = new CategoryCounts(64);
          for (const value of chunk) into.add(value);
          return into;
        };
        const forward = new CategoryCounts(64);
        for (const chunk of chunks) forward.merge(countsOf(chunk));
        const backward = new CategoryCounts(64);
        for (const chunk of [...chunks].reverse()) backward.merge(countsOf(chunk));
        expect(forward.toJSON()).toEqual(countsOf(chunks.flat()).toJSON());
        expect(backward.toJSON()).toEqual(forward.toJSON());
      }),
      { seed },
    );
  });
});

describe('serialisation', () => {
  it('a field profile read back from JSON is the same profile', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('numeric', 'categorical', 'text', 'timestamp', 'boolean' as const),
        fc.array(fc.oneof(fc.constant(null), fc.integer({ min: -500, max: 5_000 }), fc.string(), fc.boolean())),
        (kind, observed) => {
          const profile = new FieldProfile(kind, { maxCategories: 8 });
          for (const value of observed) profile.observe(value);
          const json = JSON.parse(JSON.stringify(profile.toJSON()));
          expect(FieldProfile.fromJSON(json).toJSON()).toEqual(profile.toJSON());
        },
      ),
      { seed },
    );
  });
});

describe('HyperLogLog accuracy', () => {
  it.each([
    [100, 'c-'],
    [10_000, 'customer-'],
    [200_000, 'order-'],
    [50_000, 'Ωμέγα-日本-'],
  ])('estimates %i distinct values (prefix %s) within 5 %%', (distinct, prefix) => {
    const hll = new HyperLogLog();
    for (let n = 0; n < distinct; n++) {
      hll.add(hashText(`${prefix}${n}`));
      hll.add(hashText(`${prefix}${n}`)); // a repeat changes nothing
    }
    expect(Math.abs(hll.estimate() - distinct) / distinct).toBeLessThan(0.05);
  });

  it('refuses registers of the wrong size', () => {
    expect(() => HyperLogLog.fromBase64('AAAA')).toThrow(RangeError);
  });
});
