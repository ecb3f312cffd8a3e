import type { ToxicFactory } from './toxic-runner';

/**
 * Stops all data and closes the connection `timeout` ms later (0: never); each chunk dropped restarts the clock,
 * as in Toxiproxy. Removing the toxic closes the connection too: the data it dropped cannot be given back.
 */
export const timeoutToxic: ToxicFactory = (context) => {
  const timeout = context.attributes.timeout ?? 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (timeout <= 0) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => context.close(), timeout);
  };
  arm();
  return {
    async pipe() {
      arm();
    },
    dispose(removed) {
      if (timer) clearTimeout(timer);
      if (removed) context.close();
    },
  };
};
