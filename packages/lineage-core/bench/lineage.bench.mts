// pnpm bench:lineage — the column graph at scale: 1.05 M column nodes, 3 M column edges, built through
// applyLineageEvent (one COMPLETE event per output dataset, as dbt/Spark would send them); then descendants
// queries on it next to the same breadth-first walk over plain adjacency arrays (CSR) of the same graph, in one run.
//
// Shape: LAYERS layers of WIDTH datasets of FIELDS fields. Dataset d of layer L reads datasets d and d+1 of layer
// L-1; its field f takes (d, f) DIRECT/IDENTITY, (d, f+1) DIRECT/TRANSFORMATION and (d+1, f) INDIRECT/JOIN.
import { performance } from 'node:perf_hooks';
import { applyLineageEvent, createLineageGraph, fieldNodeId, findDescendants, type LineageEvent } from '../src/index';

const LAYERS = Number(process.env.BENCH_LAYERS ?? 21);
const WIDTH = Number(process.env.BENCH_WIDTH ?? 500);
const FIELDS = Number(process.env.BENCH_FIELDS ?? 100);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const NS = 'snowflake://bench.example';

const datasetName = (layer: number, index: number) => `layer${layer}.table${index % WIDTH}`;
const fieldName = (index: number) => `column_${index % FIELDS}`;

function eventFor(layer: number, index: number, runId: string): LineageEvent {
  const time = new Date(Date.UTC(2026, 0, 1, 0, 0, layer)).toISOString();
  const left = datasetName(layer - 1, index);
  const right = datasetName(layer - 1, index + 1);
  const fields: Record<string, { inputFields: Array<Record<string, unknown>> }> = {};
  for (let f = 0; f < FIELDS; f++) {
    fields[fieldName(f)] = {
      inputFields: [
        { namespace: NS, name: left, field: fieldName(f), transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] },
        {
          namespace: NS,
          name: left,
          field: fieldName(f + 1),
          transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }],
        },
        { namespace: NS, name: right, field: fieldName(f), transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }] },
      ],
    };
  }
  return {
    kind: 'run',
    eventType: 'COMPLETE',
    eventTime: time,
    producer: 'https://example.com/bench',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: 'dbt://bench', name: `model_${layer}_${index}` },
    inputs: [
      { namespace: NS, name: left },
      { namespace: NS, name: right },
    ],
    outputs: [{ namespace: NS, name: datasetName(layer, index), facets: { columnLineage: { fields } } as never }],
  } as LineageEvent;
}

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

gc();
const heapBefore = process.memoryUsage().heapUsed;
const graph = createLineageGraph();
const loadStarted = performance.now();
let events = 0;
for (let layer = 1; layer < LAYERS; layer++) {
  for (let index = 0; index < WIDTH; index++) {
    applyLineageEvent(graph, eventFor(layer, index, `00000000-0000-4000-8000-${String(events).padStart(12, '0')}`));
    events++;
  }
}
const loadMs = performance.now() - loadStarted;
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
let columns = 0;
graph.forEachNode((_id, node) => {
  if (node.kind === 'field') columns++;
});
const columnEdges = graph.reduceEdges((count, _key, edge) => count + (edge.kind === 'column' ? 1 : 0), 0);

// The same column graph as plain arrays: node index → out-neighbour indexes (CSR), built outside the timing.
const index = new Map<string, number>();
const names: string[] = [];
graph.forEachNode((id, node) => {
  if (node.kind !== 'field') return;
  index.set(id, names.length);
  names.push(id);
});
const degree = new Int32Array(names.length + 1);
const pairs: Array<[number, number, boolean]> = [];
graph.forEachEdge((_key, edge, source, target) => {
  if (edge.kind !== 'column') return;
  pairs.push([index.get(source)!, index.get(target)!, edge.type === 'DIRECT']);
  degree[index.get(source)! + 1]!++;
});
for (let i = 1; i < degree.length; i++) degree[i]! += degree[i - 1]!;
const targets = new Int32Array(pairs.length);
const direct = new Uint8Array(pairs.length);
const fill = degree.slice(0, names.length);
for (const [source, target, isDirect] of pairs) {
  const slot = fill[source]!++;
  targets[slot] = target;
  direct[slot] = isDirect ? 1 : 0;
}
pairs.length = 0;

// Visited marks reused across queries (a stamp per query), so the baseline allocates nothing per query but its output.
const stamps = new Int32Array(names.length);
let stamp = 0;
function plainDescendants(start: number, directOnly: boolean, maxDepth: number): number {
  stamp++;
  stamps[start] = stamp;
  let frontier = [start];
  const reached: number[] = [];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let e = degree[node]!; e < degree[node + 1]!; e++) {
        if (directOnly && direct[e] === 0) continue;
        const target = targets[e]!;
        if (stamps[target] === stamp) continue;
        stamps[target] = stamp;
        next.push(target);
        reached.push(target);
      }
    }
    frontier = next;
  }
  return reached.length;
}

// Starts spread over the first layers (the ones with the most downstream), the same for both walks.
const starts: string[] = [];
for (let q = 0; q < QUERIES; q++) {
  const layer = 1 + (q % Math.max(1, Math.floor(LAYERS / 2)));
  starts.push(fieldNodeId(NS, datasetName(layer, (q * 7919) % WIDTH), fieldName(q * 31)));
}

function measure(run: (start: string) => number) {
  for (const start of starts.slice(0, 20)) run(start); // warm-up
  const times: number[] = [];
  let reached = 0;
  for (const start of starts) {
    const began = performance.now();
    reached += run(start);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((sum, time) => sum + time, 0);
  return { p50: percentile(times, 50), p99: percentile(times, 99), total, reached: reached / starts.length };
}

const rows: Array<[string, string]> = [
  [
    'graph',
    `${columns.toLocaleString('en')} column nodes, ${columnEdges.toLocaleString('en')} column edges, ${graph.order.toLocaleString('en')} nodes in all (${events} events)`,
  ],
  [
    'load through applyLineageEvent',
    `${(loadMs / 1000).toFixed(1)} s (${Math.round(columnEdges / (loadMs / 1000)).toLocaleString('en')} edges/s)`,
  ],
  ['graph heap', `${Math.round(heapMb)} MB`],
];
for (const directOnly of [false, true]) {
  const ours = measure((start) => findDescendants(graph, [start], { directOnly }).length);
  const plain = measure((start) => plainDescendants(index.get(start)!, directOnly, 50));
  const label = directOnly ? 'DIRECT only' : 'all edges';
  rows.push([
    `descendants, ${label}`,
    `p50 ${ours.p50.toFixed(2)} ms, p99 ${ours.p99.toFixed(2)} ms, ${Math.round(ours.reached)} columns per query; plain CSR BFS p50 ${plain.p50.toFixed(2)} ms, p99 ${plain.p99.toFixed(2)} ms = ${(plain.total / ours.total).toFixed(2)}× its speed`,
  ]);
}
console.log('| task | result |\n|---|---|');
for (const [task, result] of rows) console.log(`| ${task} | ${result} |`);
