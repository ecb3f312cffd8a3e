import type { ColumnEdge, FieldNode, JobNode, LineageGraph } from '../graph/lineage-graph';

export interface WalkOptions {
  /** How many edges away at most (default 50). */
  depth?: number;
  /** Follow only DIRECT edges (values copied or computed from the field), not INDIRECT ones (filters, joins…). */
  directOnly?: boolean;
}

/** A column reached from the start, by the shortest path. */
export interface ReachedColumn {
  nodeId: string;
  namespace: string;
  name: string;
  field: string;
  /** The dataset's node id. */
  dataset: string;
  depth: number;
  /** Node ids from the start column to this one, both included. */
  path: string[];
  /** The edge that reached it: its type and the job that wrote it. */
  via: { type: ColumnEdge['type']; subtypes: string[]; job: string | undefined };
  /** Some column on the path (this one included) is no longer in its dataset's schema: a breakage signal. */
  dangling: boolean;
  /** Reached through a streaming job's edge (changes propagate continuously, not on the next batch run). */
  streaming: boolean;
}

export const DEFAULT_WALK_DEPTH = 50;

interface Visit {
  parent: string | undefined;
  depth: number;
  via: ReachedColumn['via'] | undefined;
  dangling: boolean;
  streaming: boolean;
}

/**
 * Breadth-first over column edges from `starts` (field node ids), downstream or upstream. Each column is reached once,
 * by a shortest path, so cycles end the walk instead of looping. Unknown start ids are ignored.
 */
export function walkColumns(
  graph: LineageGraph,
  starts: readonly string[],
  direction: 'downstream' | 'upstream',
  options: WalkOptions = {},
): ReachedColumn[] {
  const maxDepth = options.depth ?? DEFAULT_WALK_DEPTH;
  const visits = new Map<string, Visit>();
  let frontier: string[] = [];
  for (const start of starts) {
    if (!graph.hasNode(start) || visits.has(start)) continue;
    const node = graph.getNodeAttributes(start);
    if (node.kind !== 'field') continue;
    visits.set(start, { parent: undefined, depth: 0, via: undefined, dangling: !node.exists, streaming: false });
    frontier.push(start);
  }
  const reached: string[] = [];
  const streamingJobs = new Map<string, boolean>();
  const isStreaming = (job: string | undefined) => {
    if (job === undefined) return false;
    let streaming = streamingJobs.get(job);
    if (streaming === undefined) {
      streaming = graph.hasNode(job) && (graph.getNodeAttributes(job) as JobNode).streaming;
      streamingJobs.set(job, streaming);
    }
    return streaming;
  };
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const current of frontier) {
      const from = visits.get(current)!;
      const step = (_edge: string, attributes: ColumnEdge | { kind: string }, source: string, target: string) => {
        if (attributes.kind !== 'column') return;
        const edge = attributes as ColumnEdge;
        if (options.directOnly && edge.type !== 'DIRECT') return;
        const neighbour = direction === 'downstream' ? target : source;
        if (visits.has(neighbour)) return;
        const node = graph.getNodeAttributes(neighbour) as FieldNode;
        visits.set(neighbour, {
          parent: current,
          depth,
          via: { type: edge.type, subtypes: edge.subtypes, job: edge.job },
          dangling: from.dangling || !node.exists,
          streaming: from.streaming || isStreaming(edge.job),
        });
        reached.push(neighbour);
        next.push(neighbour);
      };
      if (direction === 'downstream') graph.forEachOutEdge(current, step);
      else graph.forEachInEdge(current, step);
    }
    frontier = next;
  }
  return reached.map((nodeId) => {
    const visit = visits.get(nodeId)!;
    const node = graph.getNodeAttributes(nodeId) as FieldNode;
    return {
      nodeId,
      namespace: node.namespace,
      name: node.name,
      field: node.field,
      dataset: node.dataset,
      depth: visit.depth,
      path: pathTo(visits, nodeId),
      via: visit.via!,
      dangling: visit.dangling,
      streaming: visit.streaming,
    };
  });
}

function pathTo(visits: Map<string, Visit>, nodeId: string): string[] {
  const path: string[] = [];
  for (let current: string | undefined = nodeId; current !== undefined; current = visits.get(current)?.parent) {
    path.push(current);
  }
  return path.reverse();
}
