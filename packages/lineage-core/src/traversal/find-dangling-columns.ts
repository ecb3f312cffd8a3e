import type { FieldNode, LineageGraph } from '../graph/lineage-graph';

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
  const dangling: DanglingColumn[] = [];
  graph.forEachNode((nodeId, node) => {
    if (node.kind !== 'field' || node.exists) return;
    const consumers = (node as FieldNode).downstream.length / 2;
    if (consumers === 0) return;
    dangling.push({ nodeId, namespace: node.namespace, name: node.name, field: node.field, consumers });
  });
  return dangling;
}
