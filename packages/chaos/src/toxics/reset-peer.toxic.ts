import type { ToxicFactory } from './toxic-runner';
import { sleep } from './toxic-runner';

/** On the first data seen, waits `timeout` ms and resets the connection (TCP RST to both sides); data is dropped. */
export const resetPeerToxic: ToxicFactory = (context) => ({
  async pipe() {
    const elapsed = await sleep(context.attributes.timeout ?? 0, context.signal);
    if (elapsed) context.reset();
  },
});
