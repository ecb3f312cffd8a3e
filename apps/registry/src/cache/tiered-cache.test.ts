import { estimateBytes } from './estimate-bytes';
import { TieredCache } from './tiered-cache';

const silent = { warn: () => undefined, info: () => undefined };

describe('TieredCache, bounded by bytes', () => {
  it('keeps its in-process tier within maxBytes, evicting the least recently used, and reads stay correct', async () => {
    const cache = new TieredCache({ maxEntries: 10_000, maxBytes: 1_000_000, logger: silent });
    const text = (i: number) => `${i}:${'x'.repeat(100_000)}`; // ~200 KB estimated each
    let loads = 0;
    const read = (i: number) =>
      cache.read(`k${i}`, `s${i}`, 'immutable', async () => {
        loads++;
        return { schema: text(i) };
      });
    for (let i = 0; i < 20; i++) {
      expect(await read(i)).toEqual({ schema: text(i) });
      expect(cache.memoryBytes).toBeLessThanOrEqual(1_000_000);
    }
    expect(loads).toBe(20);
    // The newest are still held; the oldest were evicted and load again.
    await read(19);
    expect(loads).toBe(20);
    expect(await read(0)).toEqual({ schema: text(0) });
    expect(loads).toBe(21);
  });

  it("weighs an entry with the caller's measure, and does not keep one larger than the whole tier", async () => {
    const cache = new TieredCache({ maxEntries: 10_000, maxBytes: 10_000, logger: silent });
    let loads = 0;
    const load = async () => {
      loads++;
      return 'small';
    };
    await cache.read('big', 'scope', 'immutable', load, () => 50_000);
    await cache.read('big', 'scope', 'immutable', load, () => 50_000);
    expect(loads).toBe(2);
    expect(cache.memoryBytes).toBe(0);
  });
});

describe('estimateBytes', () => {
  it('errs high: two bytes a character, and every slot of objects and arrays', () => {
    expect(estimateBytes('abcd')).toBeGreaterThanOrEqual(8);
    expect(estimateBytes({ a: 'x'.repeat(1_000), b: [1, 2, 3] })).toBeGreaterThan(2_000);
    expect(estimateBytes(null)).toBe(0);
  });
});
