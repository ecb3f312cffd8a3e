import { type LayoutInput, type LayoutOptions, type LayoutResult, layoutLayered } from './layered-layout';

/** The performance measure each layout leaves behind (the browser test and docs/benchmarks.md read it). */
export const LAYOUT_MEASURE = 'charter:lineage-layout';

export interface TimedLayout {
  result: LayoutResult;
  /** Time inside the layout itself (in the worker). */
  layoutMs: number;
  /** From the request to the result back on the main thread (transfer included). */
  totalMs: number;
  inWorker: boolean;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, (message: { result: LayoutResult; ms: number }) => void>();

function layoutWorker(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined;
  if (!worker) {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'lineage-layout' });
    worker.onmessage = (event: MessageEvent<{ id: number; result: LayoutResult; ms: number }>) => {
      pending.get(event.data.id)?.(event.data);
      pending.delete(event.data.id);
    };
  }
  return worker;
}

/**
 * Lays a graph out in the layout worker (on the main thread only where workers do not exist), recording the
 * `charter:lineage-layout` performance measure with the node count in its detail.
 */
export async function runLayout(input: LayoutInput, options?: LayoutOptions): Promise<TimedLayout> {
  const start = `${LAYOUT_MEASURE}:start:${nextId}`;
  performance.mark(start);
  const started = performance.now();
  const target = layoutWorker();
  let layout: { result: LayoutResult; ms: number };
  if (target) {
    const id = nextId++;
    layout = await new Promise((resolve) => {
      pending.set(id, resolve);
      target.postMessage({ id, input, options });
    });
  } else {
    nextId++;
    const result = layoutLayered(input, options);
    layout = { result, ms: performance.now() - started };
  }
  const totalMs = performance.now() - started;
  performance.measure(LAYOUT_MEASURE, {
    start,
    detail: { nodes: input.nodeCount, edges: input.edges.length / 2, layoutMs: layout.ms, inWorker: !!target },
  });
  return { result: layout.result, layoutMs: layout.ms, totalMs, inWorker: !!target };
}
