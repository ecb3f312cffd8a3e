import type { ToxicFactory } from './toxic-runner';
import { sleep } from './toxic-runner';

/** Each chunk leaves `latency` ± `jitter` ms after it arrived (Toxiproxy's latency toxic). */
export const latencyToxic: ToxicFactory = (context) => ({
  async pipe(chunk, emit) {
    const { latency = 0, jitter = 0 } = context.attributes;
    const delay = jitter > 0 ? latency + Math.floor(context.random() * jitter * 2) - jitter : latency;
    const wait = delay - (performance.now() - chunk.timestamp);
    await sleep(wait, context.signal);
    await emit(chunk);
  },
});
