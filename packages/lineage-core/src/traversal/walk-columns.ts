import type { ColumnEdge, FieldNode, JobNode, LineageEdge, LineageGraph, LineageNode } from '../graph/lineage-graph';

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
  /** Node ids from the start column to this one, both included (computed when read). */
  readonly path: string[];
  /** The edge that reached it: its type and the job that wrote it. */
  via: { type: ColumnEdge['type']; subtypes: string[]; job: string | undefined };
  /** Some column on the path (this one included) is no longer in its dataset's schema: a breakage signal. */
  dangling: boolean;
  /** Reached through a streaming job's edge (changes propagate continuously, not on the next batch run). */
  streaming: boolean;
}

export const DEFAULT_WALK_DEPTH = 50;

/**
 * One column the walk has visited (the starts too): where it came from, and what the result reports, computed from
 * the node and edge when read. One object per reached column, nothing copied, so a wide walk allocates little.
 */
class Visit implements ReachedColumn {
  #path: string[] | undefined;

  constructor(
    readonly nodeId: string,
    readonly node: FieldNode,
    readonly parent: Visit | undefined,
    readonly depth: number,
    readonly edge: ColumnEdge | undefined,
    readonly dangling: boolean,
    readonly streaming: boolean,
  ) {}

  get namespace() {
    return this.node.namespace;
  }

  get name() {
    return this.node.name;
  }

  get field() {
    return this.node.field;
  }

  get dataset() {
    return this.node.dataset;
  }

  get via(): ReachedColumn['via'] {
    const edge = this.edge!;
    return { type: edge.type, subtypes: edge.subtypes, job: edge.job };
  }

  get path(): string[] {
    if (this.#path) return this.#path;
    const path: string[] = [];
    for (let current: Visit | undefined = this; current !== undefined; current = current.parent)
      path.push(current.nodeId);
    this.#path = path.reverse();
    return this.#path;
  }

  toJSON(): Omit<ReachedColumn, 'path'> & { path: string[] } {
    const { nodeId, namespace, name, field, dataset, depth, path, via, dangling, streaming } = this;
    return { nodeId, namespace, name, field, dataset, depth, path, via, dangling, streaming };
  }
}

/** Numbers walks: a column whose `walkMark` is the current walk's number has been reached by it. */
let walks = 0;

/**
 * Breadth-first over column edges from `starts` (field node ids), downstream or upstream. Each column is reached once,
 * by a shortest path, so cycles end the walk instead of looping. Unknown start ids are ignored. Visited columns are
 * marked on the nodes (see `FieldNode.walkMark`): no per-walk map, the same trick as a plain BFS's reused marks.
 */
export function walkColumns(
  graph: LineageGraph,
  starts: readonly string[],
  direction: 'downstream' | 'upstream',
  options: WalkOptions = {},
): ReachedColumn[] {
  const maxDepth = options.depth ?? DEFAULT_WALK_DEPTH;
  const directOnly = options.directOnly === true;
  const mark = ++walks;
  let frontier: Visit[] = [];
  for (const start of starts) {
    if (!graph.hasNode(start)) continue;
    const node = graph.getNodeAttributes(start);
    if (node.kind !== 'field' || node.walkMark === mark) continue;
    node.walkMark = mark;
    frontier.push(new Visit(start, node, undefined, 0, undefined, !node.exists, false));
  }
  const reached: Visit[] = [];
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
  const downstream = direction === 'downstream';
  let from: Visit;
  let depth = 0;
  let next: Visit[] = [];
  const visit = (node: FieldNode, edge: ColumnEdge) => {
    if (node.walkMark === mark || (directOnly && edge.type !== 'DIRECT')) return;
    node.walkMark = mark;
    const reachedColumn = new Visit(
      node.id,
      node,
      from,
      depth,
      edge,
      from.dangling || !node.exists,
      from.streaming || isStreaming(edge.job),
    );
    reached.push(reachedColumn);
    next.push(reachedColumn);
  };
  const upstreamStep = (
    _key: string,
    attributes: LineageEdge,
    _source: string,
    _target: string,
    sourceNode: LineageNode,
  ) => {
    if (attributes.kind === 'column') visit(sourceNode as FieldNode, attributes);
  };
  for (depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    next = [];
    for (const current of frontier) {
      from = current;
      if (downstream) {
        // The field's own downstream list (kept in step with the graph): no per-edge callback, no key lookups.
        const list = current.node.downstream;
        for (let index = 0; index < list.length; index += 2) {
          visit(list[index] as FieldNode, list[index + 1] as ColumnEdge);
        }
      } else {
        graph.forEachInEdge(current.nodeId, upstreamStep);
      }
    }
    frontier = next;
  }
  return reached;
}
