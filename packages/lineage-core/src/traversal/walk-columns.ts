import { beginWalk, columnIndexOf } from '../graph/column-index';
import type { ColumnEdge, FieldNode, LineageEdge, LineageGraph, LineageNode } from '../graph/lineage-graph';

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

const DANGLING = 1;
const STREAMING = 2;

/**
 * One column the walk has visited (the starts too): where it came from, and what the result reports, computed from
 * the node and edge when read. One small object per reached column (six fields), nothing copied, so a wide walk
 * allocates little.
 */
class Visit implements ReachedColumn {
  constructor(
    readonly node: FieldNode,
    /** The node's number in the column index (kept here so expanding a visit does not read the node). */
    readonly column: number,
    readonly parent: Visit | undefined,
    readonly depth: number,
    readonly edge: ColumnEdge | undefined,
    /** DANGLING | STREAMING. */
    readonly flags: number,
  ) {}

  get nodeId() {
    return this.node.id;
  }

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

  get dangling() {
    return (this.flags & DANGLING) !== 0;
  }

  get streaming() {
    return (this.flags & STREAMING) !== 0;
  }

  get via(): ReachedColumn['via'] {
    const edge = this.edge!;
    return { type: edge.type, subtypes: edge.subtypes, job: edge.job };
  }

  get path(): string[] {
    const path: string[] = [];
    for (let current: Visit | undefined = this; current !== undefined; current = current.parent) {
      path.push(current.node.id);
    }
    return path.reverse();
  }

  toJSON(): ReachedColumn {
    const { nodeId, namespace, name, field, dataset, depth, path, via, dangling, streaming } = this;
    return { nodeId, namespace, name, field, dataset, depth, path, via, dangling, streaming };
  }
}

/**
 * Breadth-first over column edges from `starts` (field node ids), downstream or upstream. Each column is reached once,
 * by a shortest path, so cycles end the walk instead of looping. Unknown start ids are ignored. Visited columns are
 * marked in the graph's column index (one typed array, a number per walk) and downstream edges are read from each
 * field's encoded list, so checking an edge touches no object; a column's object is read once, when reached.
 */
export function walkColumns(
  graph: LineageGraph,
  starts: readonly string[],
  direction: 'downstream' | 'upstream',
  options: WalkOptions = {},
): ReachedColumn[] {
  const maxDepth = options.depth ?? DEFAULT_WALK_DEPTH;
  const directOnly = options.directOnly === true;
  const index = columnIndexOf(graph);
  const { columns, marks, streamingJobs, offset, count, targets, edges, missing } = index;
  const mark = beginWalk(index);
  const anyStreaming = streamingJobs.size > 0;
  const downstream = direction === 'downstream';
  let frontier: Visit[] = [];
  for (const start of starts) {
    if (!graph.hasNode(start)) continue;
    const node = graph.getNodeAttributes(start);
    if (node.kind !== 'field' || marks[node.index] === mark) continue;
    marks[node.index] = mark;
    frontier.push(new Visit(node, node.index, undefined, 0, undefined, node.exists ? 0 : DANGLING));
  }
  const reached: Visit[] = [];
  let from: Visit;
  let depth = 0;
  let next: Visit[] = [];
  const visit = (column: number, edge: ColumnEdge) => {
    let flags = from.flags | missing[column]!;
    if (anyStreaming && edge.job !== undefined && streamingJobs.has(edge.job)) flags |= STREAMING;
    const reachedColumn = new Visit(columns[column]!, column, from, depth, edge, flags);
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
    if (attributes.kind !== 'column' || (directOnly && attributes.type !== 'DIRECT')) return;
    const node = sourceNode as FieldNode;
    if (marks[node.index] === mark) return;
    marks[node.index] = mark;
    visit(node.index, attributes);
  };
  for (depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    next = [];
    for (const current of frontier) {
      from = current;
      if (downstream) {
        const column = current.column;
        const end = offset[column]! + count[column]!;
        for (let slot = offset[column]!; slot < end; slot++) {
          let target = targets[slot]!;
          if (target < 0) {
            if (directOnly) continue;
            target = ~target;
          }
          if (marks[target] === mark) continue;
          marks[target] = mark;
          visit(target, edges[slot]!);
        }
      } else {
        graph.forEachInEdge(current.node.id, upstreamStep);
      }
    }
    frontier = next;
  }
  return reached;
}
