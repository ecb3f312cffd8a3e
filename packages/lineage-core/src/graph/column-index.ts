import type { ColumnEdge, FieldNode, LineageGraph } from './lineage-graph';

/**
 * What walks need beside the graph, kept in step by `applyLineageEvent`: every column by a dense number (its
 * `FieldNode.index`), each column's downstream column edges in one pooled typed array (compressed-sparse-row style:
 * a column's targets sit together), whether each column still exists, one visited mark per column, and the streaming
 * jobs. A walk then checks an edge by reading numbers from typed arrays — as a plain adjacency-array BFS does — and
 * touches a column's object only through the result it returns.
 */
export interface ColumnIndex {
  columns: FieldNode[];
  /** Per column: where its downstream entries start in `targets`/`edges`, how many there are, and room for how many. */
  offset: Int32Array;
  count: Int32Array;
  capacity: Int32Array;
  /** Downstream entries: the target column's number for a DIRECT edge, its complement (negative) for INDIRECT. */
  targets: Int32Array;
  /** The edge attributes of each entry, at the same position. */
  edges: Array<ColumnEdge | undefined>;
  /** The end of the pool's used part (a column that outgrows its room moves to the end, at twice the room). */
  used: number;
  /** 1 where the column left its dataset's latest schema (dangling). */
  missing: Uint8Array;
  /** `marks[i] === walk` when column i was reached by that walk. */
  marks: Int32Array;
  walks: number;
  /** Job node ids of streaming jobs (a job never stops being streaming). */
  streamingJobs: Set<string>;
}

const indexes = new WeakMap<LineageGraph, ColumnIndex>();
const INITIAL_COLUMNS = 1_024;

export function columnIndexOf(graph: LineageGraph): ColumnIndex {
  let index = indexes.get(graph);
  if (!index) {
    index = {
      columns: [],
      offset: new Int32Array(INITIAL_COLUMNS),
      count: new Int32Array(INITIAL_COLUMNS),
      capacity: new Int32Array(INITIAL_COLUMNS),
      targets: new Int32Array(INITIAL_COLUMNS * 2),
      edges: [],
      used: 0,
      missing: new Uint8Array(INITIAL_COLUMNS),
      marks: new Int32Array(INITIAL_COLUMNS),
      walks: 0,
      streamingJobs: new Set(),
    };
    indexes.set(graph, index);
  }
  return index;
}

/** Numbers a new column; the caller stores the number on the node. */
export function indexColumn(graph: LineageGraph, node: FieldNode): number {
  const index = columnIndexOf(graph);
  const number = index.columns.length;
  index.columns.push(node);
  if (number >= index.marks.length) {
    const size = index.marks.length * 2;
    index.offset = grown(index.offset, size);
    index.count = grown(index.count, size);
    index.capacity = grown(index.capacity, size);
    index.missing = grown(index.missing, size);
    index.marks = grown(index.marks, size);
  }
  index.missing[number] = node.exists ? 0 : 1;
  return number;
}

export function setColumnExists(graph: LineageGraph, node: FieldNode): void {
  columnIndexOf(graph).missing[node.index] = node.exists ? 0 : 1;
}

/** How a downstream entry names its target: the number for DIRECT, the complement for INDIRECT. */
export function encodeTarget(target: FieldNode, type: 'DIRECT' | 'INDIRECT'): number {
  return type === 'DIRECT' ? target.index : ~target.index;
}

export function addDownstream(graph: LineageGraph, from: FieldNode, target: FieldNode, edge: ColumnEdge): void {
  const index = columnIndexOf(graph);
  const column = from.index;
  if (index.count[column] === index.capacity[column]) relocate(index, column);
  const slot = index.offset[column]! + index.count[column]!;
  index.targets[slot] = encodeTarget(target, edge.type);
  index.edges[slot] = edge;
  index.count[column]! += 1;
}

/** Gives the entry (target, edge) `replacement`'s attributes, or removes it (keeping the others' order). */
export function relinkDownstream(
  graph: LineageGraph,
  from: FieldNode,
  target: FieldNode,
  edge: ColumnEdge,
  replacement: ColumnEdge | undefined,
): void {
  const index = columnIndexOf(graph);
  const start = index.offset[from.index]!;
  const end = start + index.count[from.index]!;
  const code = encodeTarget(target, edge.type);
  for (let slot = start; slot < end; slot++) {
    if (index.targets[slot] !== code || index.edges[slot] !== edge) continue;
    if (replacement) {
      index.edges[slot] = replacement;
      return;
    }
    index.targets.copyWithin(slot, slot + 1, end);
    for (let at = slot; at < end - 1; at++) index.edges[at] = index.edges[at + 1];
    index.edges[end - 1] = undefined;
    index.count[from.index]! -= 1;
    return;
  }
}

/** A column's downstream entries, for tests and tools (walks read the arrays directly). */
export function downstreamOf(
  graph: LineageGraph,
  from: FieldNode,
): Array<{ target: FieldNode; type: 'DIRECT' | 'INDIRECT'; edge: ColumnEdge }> {
  const index = columnIndexOf(graph);
  const start = index.offset[from.index]!;
  const entries = [];
  for (let slot = start; slot < start + index.count[from.index]!; slot++) {
    const code = index.targets[slot]!;
    entries.push({
      target: index.columns[code < 0 ? ~code : code]!,
      type: code < 0 ? ('INDIRECT' as const) : ('DIRECT' as const),
      edge: index.edges[slot]!,
    });
  }
  return entries;
}

/** A fresh walk number: marks from earlier walks never equal it. */
export function beginWalk(index: ColumnIndex): number {
  if (index.walks === 0x7fffffff) {
    index.marks.fill(0);
    index.walks = 0;
  }
  index.walks += 1;
  return index.walks;
}

/** Moves a full column's entries to the end of the pool with twice the room (the old room is left unused). */
function relocate(index: ColumnIndex, column: number): void {
  const capacity = Math.max(2, index.capacity[column]! * 2);
  if (index.used + capacity > index.targets.length) {
    index.targets = grown(index.targets, Math.max(index.targets.length * 2, index.used + capacity));
  }
  // Pooled slots are filled in order, so the edges array stays packed (never sparse).
  while (index.edges.length < index.used + capacity) index.edges.push(undefined);
  const from = index.offset[column]!;
  const count = index.count[column]!;
  index.targets.copyWithin(index.used, from, from + count);
  for (let at = 0; at < count; at++) {
    index.edges[index.used + at] = index.edges[from + at];
    index.edges[from + at] = undefined;
  }
  index.offset[column] = index.used;
  index.capacity[column] = capacity;
  index.used += capacity;
}

function grown<T extends Int32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array);
  return next;
}
