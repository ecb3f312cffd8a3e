import type { ToxicFactory } from './toxic-runner';

/** Lets `bytes` bytes through on this direction, then closes the connection (Toxiproxy's limit_data). */
export const limitDataToxic: ToxicFactory = (context) => ({
  async pipe(chunk, emit) {
    const limit = context.attributes.bytes ?? 0;
    const sent = context.state.sent ?? 0;
    const allowed = Math.max(0, limit - sent);
    const data = chunk.data.length > allowed ? chunk.data.subarray(0, allowed) : chunk.data;
    if (data.length > 0) {
      await emit({ data, timestamp: chunk.timestamp });
      context.state.sent = sent + data.length;
    }
    if ((context.state.sent ?? 0) >= limit) context.close();
  },
});
