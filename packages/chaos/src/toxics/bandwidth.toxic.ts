import type { ToxicFactory } from './toxic-runner';
import { sleep } from './toxic-runner';

const SLICE_MS = 100;

/**
 * Passes data at `rate` KB/s (1 KB/s = 1 byte/ms): big chunks go out in 100 ms slices, and the time owed carries
 * over between chunks, as in Toxiproxy. A rate of 0 holds all data until the toxic is removed.
 */
export const bandwidthToxic: ToxicFactory = (context) => {
  let owedMs = 0;
  return {
    async pipe(chunk, emit) {
      const rate = context.attributes.rate ?? 0;
      if (rate <= 0) {
        await sleep(Number.POSITIVE_INFINITY, context.signal);
        await emit(chunk);
        return;
      }
      owedMs += chunk.data.length / rate;
      let data = chunk.data;
      const slice = rate * SLICE_MS;
      while (data.length > slice) {
        if (!(await sleep(SLICE_MS, context.signal))) break;
        await emit({ data: data.subarray(0, slice), timestamp: chunk.timestamp });
        data = data.subarray(slice);
        owedMs -= SLICE_MS;
      }
      const started = performance.now();
      await sleep(owedMs, context.signal);
      owedMs -= performance.now() - started;
      await emit({ data, timestamp: chunk.timestamp });
    },
  };
};
