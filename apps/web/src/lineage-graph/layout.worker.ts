// The layered layout off the main thread: a 10 000-node neighbourhood is laid out without freezing the page.
import { type LayoutInput, type LayoutOptions, layoutLayered } from './layered-layout';

interface LayoutRequest {
  id: number;
  input: LayoutInput;
  options?: LayoutOptions;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { id, input, options } = event.data;
  const started = performance.now();
  const result = layoutLayered(input, options);
  const ms = performance.now() - started;
  scope.postMessage({ id, result, ms }, [result.x.buffer, result.y.buffer, result.rank.buffer, result.order.buffer]);
};
