import type { LineageGraph } from '../graph/lineage-graph';
import { type ReachedColumn, type WalkOptions, walkColumns } from './walk-columns';

/** Every column a change to `fields` (field node ids) can reach downstream, by shortest path. */
export function findDescendants(
  graph: LineageGraph,
  fields: readonly string[],
  options?: WalkOptions,
): ReachedColumn[] {
  return walkColumns(graph, fields, 'downstream', options);
}
