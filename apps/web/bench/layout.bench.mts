// `pnpm bench:web-layout`: the lineage explorer's layered layout (the same module its Web Worker runs) on synthetic
// neighbourhoods up to 10 000 columns; p50/p95/max over repeated runs after a warm-up. Results go in
// docs/benchmarks.md.
import { countCrossings, layoutLayered } from '../src/lineage-graph/layered-layout.js';
import { syntheticLayers } from './synthetic-lineage.mjs';

const CASES = [
  { ranks: 10, width: 100 },
  { ranks: 20, width: 500 },
  { ranks: 50, width: 200 },
  { ranks: 4, width: 2_500 },
];
const RUNS = 15;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

for (const { ranks, width } of CASES) {
  const input = syntheticLayers(ranks, width);
  for (let i = 0; i < 3; i++) layoutLayered(input);
  const times: number[] = [];
  let last = layoutLayered(input);
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = layoutLayered(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const unordered = layoutLayered(input, { sweeps: 0 });
  const small = input.nodeCount <= 1_000;
  const crossings = small ? ` crossings ${countCrossings(input, unordered)} → ${countCrossings(input, last)}` : '';
  console.log(
    `${String(input.nodeCount).padStart(6)} nodes ${String(input.edges.length / 2).padStart(6)} edges (${ranks}×${width}): ` +
      `p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms${crossings}`,
  );
}
