import { sliceSizes } from './slice-sizes';
import type { ToxicFactory } from './toxic-runner';
import { sleep } from './toxic-runner';

/** Cuts each chunk into slices of `average_size` ± `size_variation` bytes, `delay` µs apart (Toxiproxy's slicer). */
export const slicerToxic: ToxicFactory = (context) => ({
  async pipe(chunk, emit) {
    const { average_size = 1, size_variation = 0, delay = 0 } = context.attributes;
    let offset = 0;
    for (const size of sliceSizes(chunk.data.length, average_size, size_variation, context.random)) {
      await emit({ data: chunk.data.subarray(offset, offset + size), timestamp: chunk.timestamp });
      offset += size;
      if (offset < chunk.data.length && !(await sleep(delay / 1000, context.signal))) break;
    }
    if (offset < chunk.data.length) await emit({ data: chunk.data.subarray(offset), timestamp: chunk.timestamp });
  },
});
