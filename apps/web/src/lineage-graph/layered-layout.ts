/**
 * A layered (Sugiyama-style) layout that reads left to right: upstream nodes on the left, downstream on the right.
 * Pure and DOM-free, so the console runs it in a Web Worker and `pnpm bench:web-layout` runs the same code in Node.
 *
 * 1. Cycles are broken by ignoring the back edges of a depth-first search (lineage is a DAG; a cycle is a data bug).
 * 2. Each node's rank is its longest path from a source (every edge points right).
 * 3. Within a rank, nodes are ordered by the barycenter of their neighbours in the previous (then next) rank,
 *    sweeping down and up a few times: the standard heuristic to reduce edge crossings.
 * 4. x is the rank, y the position within the rank, centred on the axis.
 */
export interface LayoutInput {
  /** How many nodes; nodes are the integers 0…nodeCount-1. */
  nodeCount: number;
  /** Edges as a flat list of pairs: [source0, target0, source1, target1, …]. */
  edges: Int32Array | number[];
}

export interface LayoutOptions {
  /** Down-and-up barycenter sweeps (default 4). */
  sweeps?: number;
  /** Horizontal distance between ranks (default 100). */
  rankGap?: number;
  /** Vertical distance between nodes of a rank (default 10). */
  nodeGap?: number;
}

export interface LayoutResult {
  x: Float64Array;
  y: Float64Array;
  rank: Int32Array;
  /** Position within its rank. */
  order: Int32Array;
  rankCount: number;
  /** Edges ignored to break cycles. */
  backEdges: number;
}

/** Compressed adjacency: the neighbours of `i` are `targets[offsets[i]…offsets[i+1]]`. */
interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

function buildAdjacency(nodeCount: number, edges: ArrayLike<number>, keep: Uint8Array, reverse: boolean): Adjacency {
  const offsets = new Int32Array(nodeCount + 1);
  const edgeCount = edges.length / 2;
  for (let e = 0; e < edgeCount; e++) {
    if (!keep[e]) continue;
    offsets[edges[2 * e + (reverse ? 1 : 0)]! + 1]!++;
  }
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(offsets[nodeCount]!);
  for (let e = 0; e < edgeCount; e++) {
    if (!keep[e]) continue;
    const from = edges[2 * e + (reverse ? 1 : 0)]!;
    const to = edges[2 * e + (reverse ? 0 : 1)]!;
    targets[fill[from]!++] = to;
  }
  return { offsets, targets };
}

/** Marks the edges a depth-first search finds going back to a node still on its stack (and self-loops). */
function findBackEdges(nodeCount: number, edges: ArrayLike<number>): Uint8Array {
  const edgeCount = edges.length / 2;
  const keep = new Uint8Array(edgeCount).fill(1);
  // out-edges by edge index, so the edge found can be dropped
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[edges[2 * e]! + 1]!++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, nodeCount);
  const edgeOf = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) edgeOf[fill[edges[2 * e]!]!++] = e;

  const state = new Uint8Array(nodeCount); // 0 new, 1 on stack, 2 done
  const stack = new Int32Array(nodeCount);
  const cursor = new Int32Array(nodeCount);
  for (let root = 0; root < nodeCount; root++) {
    if (state[root] !== 0) continue;
    let top = 0;
    stack[0] = root;
    state[root] = 1;
    cursor[root] = offsets[root]!;
    while (top >= 0) {
      const node = stack[top]!;
      if (cursor[node]! < offsets[node + 1]!) {
        const e = edgeOf[cursor[node]!++]!;
        const next = edges[2 * e + 1]!;
        if (state[next] === 1) keep[e] = 0;
        else if (state[next] === 0) {
          state[next] = 1;
          cursor[next] = offsets[next]!;
          stack[++top] = next;
        }
      } else {
        state[node] = 2;
        top--;
      }
    }
  }
  return keep;
}

/** Longest path from a source, by Kahn's topological order over the kept (acyclic) edges. */
function assignRanks(nodeCount: number, out: Adjacency): { rank: Int32Array; rankCount: number } {
  const inDegree = new Int32Array(nodeCount);
  for (let i = 0; i < out.targets.length; i++) inDegree[out.targets[i]!]!++;
  const queue = new Int32Array(nodeCount);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < nodeCount; i++) if (inDegree[i] === 0) queue[tail++] = i;
  const rank = new Int32Array(nodeCount);
  let rankCount = nodeCount > 0 ? 1 : 0;
  while (head < tail) {
    const node = queue[head++]!;
    const next = rank[node]! + 1;
    for (let k = out.offsets[node]!; k < out.offsets[node + 1]!; k++) {
      const target = out.targets[k]!;
      if (rank[target]! < next) rank[target] = next;
      if (--inDegree[target]! === 0) queue[tail++] = target;
    }
    if (rank[node]! + 1 > rankCount) rankCount = rank[node]! + 1;
  }
  return { rank, rankCount };
}

/** Nodes of each rank, in the order first met (node number order). */
function groupByRank(rank: Int32Array, rankCount: number): Int32Array[] {
  const sizes = new Int32Array(rankCount);
  for (let i = 0; i < rank.length; i++) sizes[rank[i]!]!++;
  const layers = Array.from({ length: rankCount }, (_, r) => new Int32Array(sizes[r]!));
  const fill = new Int32Array(rankCount);
  for (let i = 0; i < rank.length; i++) layers[rank[i]!]![fill[rank[i]!]!++] = i;
  return layers;
}

/**
 * Reorders one layer by the mean relative position (0…1) of each node's neighbours on the given side; a node with
 * none keeps its own relative position. Ties keep the current order (stable sort).
 */
function orderLayer(layer: Int32Array, neighbours: Adjacency, position: Float64Array, key: Float64Array): void {
  const size = layer.length;
  for (let p = 0; p < size; p++) {
    const node = layer[p]!;
    const start = neighbours.offsets[node]!;
    const end = neighbours.offsets[node + 1]!;
    if (start === end) {
      key[node] = position[node]!;
      continue;
    }
    let sum = 0;
    for (let k = start; k < end; k++) sum += position[neighbours.targets[k]!]!;
    key[node] = sum / (end - start);
  }
  const sorted = Array.from(layer).sort((a, b) => key[a]! - key[b]! || position[a]! - position[b]!);
  for (let p = 0; p < size; p++) {
    layer[p] = sorted[p]!;
    position[sorted[p]!] = size === 1 ? 0.5 : p / (size - 1);
  }
}

export function layoutLayered(input: LayoutInput, options: LayoutOptions = {}): LayoutResult {
  const { nodeCount, edges } = input;
  const sweeps = options.sweeps ?? 4;
  const rankGap = options.rankGap ?? 100;
  const nodeGap = options.nodeGap ?? 10;

  const keep = findBackEdges(nodeCount, edges);
  let backEdges = 0;
  for (let e = 0; e < keep.length; e++) if (!keep[e]) backEdges++;
  const out = buildAdjacency(nodeCount, edges, keep, false);
  const into = buildAdjacency(nodeCount, edges, keep, true);
  const { rank, rankCount } = assignRanks(nodeCount, out);
  const layers = groupByRank(rank, rankCount);

  const position = new Float64Array(nodeCount);
  for (const layer of layers) {
    for (let p = 0; p < layer.length; p++) position[layer[p]!] = layer.length === 1 ? 0.5 : p / (layer.length - 1);
  }
  const key = new Float64Array(nodeCount);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let r = 1; r < rankCount; r++) orderLayer(layers[r]!, into, position, key);
    for (let r = rankCount - 2; r >= 0; r--) orderLayer(layers[r]!, out, position, key);
  }

  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  const order = new Int32Array(nodeCount);
  for (let r = 0; r < rankCount; r++) {
    const layer = layers[r]!;
    const middle = (layer.length - 1) / 2;
    for (let p = 0; p < layer.length; p++) {
      const node = layer[p]!;
      order[node] = p;
      x[node] = r * rankGap;
      y[node] = (middle - p) * nodeGap;
    }
  }
  return { x, y, rank, order, rankCount, backEdges };
}

/**
 * Edge crossings between adjacent ranks (edges spanning more ranks are not counted): how tidy a layout is. O(E²)
 * per rank pair, for tests and the bench on modest graphs.
 */
export function countCrossings(input: LayoutInput, layout: Pick<LayoutResult, 'rank' | 'order'>): number {
  const byRank = new Map<number, Array<[number, number]>>();
  for (let e = 0; e < input.edges.length / 2; e++) {
    const source = input.edges[2 * e]!;
    const target = input.edges[2 * e + 1]!;
    if (layout.rank[target]! !== layout.rank[source]! + 1) continue;
    const list = byRank.get(layout.rank[source]!) ?? [];
    list.push([layout.order[source]!, layout.order[target]!]);
    byRank.set(layout.rank[source]!, list);
  }
  let crossings = 0;
  for (const list of byRank.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a1, b1] = list[i]!;
        const [a2, b2] = list[j]!;
        if ((a1 - a2) * (b1 - b2) < 0) crossings++;
      }
    }
  }
  return crossings;
}
