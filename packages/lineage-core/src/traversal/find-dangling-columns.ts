import { columnIndexOf } from '../graph/column-index';
import type { LineageGraph } from '../graph/lineage-graph';

export interface DanglingColumn {
  nodeId: string;
  namespace: string;
  name: string;
  field: string;
  /** How many columns still take it as an input. */
  consumers: number;
}

/**
 * Columns that left their dataset's schema while other columns still take them as input: lineage says data flows
 * from something that is no longer produced, a breakage signal.
 */
export function findDanglingColumns(graph: LineageGraph): DanglingColumn[] {
  const { columns, missing, count } = columnIndexOf(graph);
  const dangling: DanglingColumn[] = [];
  for (let column = 0; column < columns.length; column++) {
    if (missing[column] === 0 || count[column] === 0) continue;
    const node = columns[column]!;
    dangling.push({
      nodeId: node.id,
      namespace: node.namespace,
      name: node.name,
      field: node.field,
      consumers: count[column]!,
    });
  }
  return dangling;
}
