import type { ToxicFactory } from './toxic-runner';
import { sleep } from './toxic-runner';

/** Passes data as is, but holds the close (FIN) back for `delay` ms (Toxiproxy's slow_close). */
export const slowCloseToxic: ToxicFactory = (context) => ({
  pipe: (chunk, emit) => emit(chunk),
  async end() {
    await sleep(context.attributes.delay ?? 0, context.signal);
  },
});
