import Graph from 'graphology';

/** A node of the lineage service's Marquez-shaped graph answer. */
export interface MarquezNode {
  id: string;
  type: 'DATASET' | 'JOB' | 'DATASET_FIELD';
  data: Record<string, unknown>;
  inEdges: Array<{ origin: string; destination: string }>;
  outEdges: Array<{ origin: string; destination: string }>;
}

export type LineageNodeKind = 'dataset' | 'job' | 'field';

/** What the explorer keeps of a node (graphology node attributes; sigma reads x, y, size, color, label). */
export interface ExplorerNode {
  kind: LineageNodeKind;
  namespace: string;
  /** Dataset or job name. */
  name: string;
  /** The column, for fields. */
  field?: string;
  label: string;
  /** A streaming job (or a field/dataset written by one, when known). */
  streaming?: boolean;
}

export type ExplorerGraph = Graph<ExplorerNode>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function createExplorerGraph(): ExplorerGraph {
  return new Graph<ExplorerNode>({ type: 'directed', multi: false, allowSelfLoops: false });
}

function describe(node: MarquezNode): ExplorerNode {
  const { data } = node;
  if (node.type === 'DATASET_FIELD') {
    const dataset = text(data.dataset);
    const field = text(data.field);
    return { kind: 'field', namespace: text(data.namespace), name: dataset, field, label: `${dataset}.${field}` };
  }
  const name = text(data.name);
  if (node.type === 'JOB') {
    return { kind: 'job', namespace: text(data.namespace), name, label: name, streaming: data.type === 'STREAM' };
  }
  return { kind: 'dataset', namespace: text(data.namespace), name, label: name };
}

/** Adds the nodes and edges of one answer (expanding a node merges its neighbourhood into what is shown). */
export function mergeMarquezGraph(graph: ExplorerGraph, nodes: readonly MarquezNode[]): string[] {
  const added: string[] = [];
  for (const node of nodes) {
    if (graph.hasNode(node.id)) continue;
    graph.addNode(node.id, describe(node));
    added.push(node.id);
  }
  for (const node of nodes) {
    for (const edge of [...node.inEdges, ...node.outEdges]) {
      if (edge.origin === edge.destination) continue;
      if (!graph.hasNode(edge.origin) || !graph.hasNode(edge.destination)) continue;
      if (!graph.hasDirectedEdge(edge.origin, edge.destination)) graph.addDirectedEdge(edge.origin, edge.destination);
    }
  }
  return added;
}

/**
 * The nodes shown: everything reachable from the focus, upstream and downstream, without passing through a
 * collapsed node (a collapsed node itself stays visible; its neighbours beyond it are hidden).
 */
export function visibleNodes(graph: ExplorerGraph, focus: string, collapsed: ReadonlySet<string>): Set<string> {
  const starts = startsOf(graph, focus);
  const visible = new Set<string>(starts);
  for (const direction of ['out', 'in'] as const) {
    const queue = [...starts];
    const seen = new Set(starts);
    while (queue.length > 0) {
      const node = queue.pop()!;
      if (collapsed.has(node)) continue;
      const neighbours = direction === 'out' ? graph.outNeighbors(node) : graph.inNeighbors(node);
      for (const next of neighbours) {
        if (seen.has(next)) continue;
        seen.add(next);
        visible.add(next);
        queue.push(next);
      }
    }
  }
  return visible;
}

/**
 * Where the explorer starts: the node itself, or — for a dataset opened as a column graph — every column of it.
 */
export function startsOf(graph: ExplorerGraph, focus: string): string[] {
  if (graph.hasNode(focus)) return [focus];
  const starts: string[] = [];
  graph.forEachNode((node, attributes) => {
    if (attributes.kind === 'field' && `dataset:${attributes.namespace}:${attributes.name}` === focus)
      starts.push(node);
  });
  return starts;
}

/** The node's edges as the layout takes them: numbered nodes, a flat edge list. */
export function toLayoutInput(
  graph: ExplorerGraph,
  nodes: readonly string[],
): { edges: Int32Array; index: Map<string, number> } {
  const index = new Map<string, number>();
  for (const [i, node] of nodes.entries()) index.set(node, i);
  const pairs: number[] = [];
  for (const node of nodes) {
    const source = index.get(node)!;
    graph.forEachOutNeighbor(node, (target) => {
      const to = index.get(target);
      if (to !== undefined) pairs.push(source, to);
    });
  }
  return { edges: Int32Array.from(pairs), index };
}

/** The nodes whose label (or node id) holds the text, case-insensitively, best (shortest label) first. */
export function searchNodes(graph: ExplorerGraph, text: string, among: Iterable<string>, limit = 20): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const found: string[] = [];
  for (const node of among) {
    const { label } = graph.getNodeAttributes(node);
    if (label.toLowerCase().includes(needle) || node.toLowerCase().includes(needle)) found.push(node);
  }
  return found
    .sort((a, b) => graph.getNodeAttribute(a, 'label').length - graph.getNodeAttribute(b, 'label').length)
    .slice(0, limit);
}
