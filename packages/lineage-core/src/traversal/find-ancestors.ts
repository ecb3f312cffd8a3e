import type { LineageGraph } from '../graph/lineage-graph';
import { type ReachedColumn, type WalkOptions, walkColumns } from './walk-columns';

/** Every column `fields` (field node ids) are computed from, upstream, by shortest path. */
export function findAncestors(graph: LineageGraph, fields: readonly string[], options?: WalkOptions): ReachedColumn[] {
  return walkColumns(graph, fields, 'upstream', options);
}
