import {
  type ColumnEdge,
  type DatasetNode,
  type FieldNode,
  findAncestors,
  findDescendants,
  type JobNode,
  type LineageGraph,
} from '@charter/lineage-core';

/** A node of Marquez's lineage graph response: `{ id, type, data, inEdges, outEdges }`. */
export interface MarquezNode {
  id: string;
  type: 'DATASET' | 'JOB' | 'DATASET_FIELD';
  data: Record<string, unknown>;
  inEdges: Array<{ origin: string; destination: string }>;
  outEdges: Array<{ origin: string; destination: string }>;
}

/**
 * `GET /api/v1/lineage?nodeId=&depth=`: datasets and jobs within `depth` hops of the node over read/write edges, in
 * Marquez's shape (`{ graph: [...] }`), so tools written for Marquez can read it.
 */
export function presentLineage(graph: LineageGraph, nodeId: string, depth: number): { graph: MarquezNode[] } {
  const included = new Set([nodeId]);
  let frontier = [nodeId];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const current of frontier) {
      graph.forEachEdge(current, (_key, edge, source, target) => {
        if (edge.kind === 'column') return;
        for (const neighbour of [source, target]) {
          if (included.has(neighbour)) continue;
          included.add(neighbour);
          next.push(neighbour);
        }
      });
    }
    frontier = next;
  }
  return {
    graph: [...included].map((id) => {
      const node = graph.getNodeAttributes(id);
      const edges = (direction: 'in' | 'out') => {
        const list: MarquezNode['inEdges'] = [];
        const each = direction === 'in' ? graph.forEachInEdge.bind(graph) : graph.forEachOutEdge.bind(graph);
        each(id, (_key, edge, source, target) => {
          if (edge.kind !== 'column' && included.has(source) && included.has(target)) {
            list.push({ origin: source, destination: target });
          }
        });
        return list;
      };
      return {
        id,
        type: node.kind === 'job' ? 'JOB' : 'DATASET',
        data: node.kind === 'job' ? jobData(graph, id, node) : datasetData(node as DatasetNode),
        inEdges: edges('in'),
        outEdges: edges('out'),
      };
    }),
  };
}

/**
 * `GET /api/v1/column-lineage?nodeId=&depth=&withDownstream=`: the columns a field (or every field of a dataset) is
 * computed from, and with `withDownstream` the ones computed from it, each with its input fields, in Marquez's shape.
 */
export function presentColumnLineage(
  graph: LineageGraph,
  nodeId: string,
  depth: number,
  withDownstream: boolean,
): { graph: MarquezNode[] } {
  const node = graph.getNodeAttributes(nodeId);
  const starts =
    node.kind === 'field'
      ? [nodeId]
      : node.kind === 'dataset'
        ? [...node.columns.values()].map((column) => column.id)
        : [];
  const included = new Set(starts);
  for (const column of findAncestors(graph, starts, { depth })) included.add(column.nodeId);
  if (withDownstream) for (const column of findDescendants(graph, starts, { depth })) included.add(column.nodeId);
  return {
    graph: [...included].map((id) => {
      const field = graph.getNodeAttributes(id) as FieldNode;
      const inEdges: MarquezNode['inEdges'] = [];
      const outEdges: MarquezNode['outEdges'] = [];
      const inputFields: Array<Record<string, unknown>> = [];
      graph.forEachInEdge(id, (_key, edge, source) => {
        if (edge.kind !== 'column') return;
        const input = graph.getNodeAttributes(source) as FieldNode;
        inputFields.push({
          namespace: input.namespace,
          dataset: input.name,
          field: input.field,
          transformationType: (edge as ColumnEdge).type,
          transformationSubtypes: (edge as ColumnEdge).subtypes,
          masking: (edge as ColumnEdge).masking,
        });
        if (included.has(source)) inEdges.push({ origin: source, destination: id });
      });
      graph.forEachOutEdge(id, (_key, edge, _source, target) => {
        if (edge.kind === 'column' && included.has(target)) outEdges.push({ origin: id, destination: target });
      });
      return {
        id,
        type: 'DATASET_FIELD' as const,
        data: {
          namespace: field.namespace,
          dataset: field.name,
          field: field.field,
          exists: field.exists,
          inputFields,
        },
        inEdges,
        outEdges,
      };
    }),
  };
}

function datasetData(node: DatasetNode): Record<string, unknown> {
  return {
    id: { namespace: node.namespace, name: node.name },
    type: 'DB_TABLE',
    namespace: node.namespace,
    name: node.name,
    fields: (node.fields ?? []).map((name) => ({ name })),
    schemaAt: node.schemaAt ?? null,
  };
}

function jobData(graph: LineageGraph, id: string, node: JobNode): Record<string, unknown> {
  const io = (direction: 'in' | 'out') => {
    const list: Array<{ namespace: string; name: string }> = [];
    const each = direction === 'in' ? graph.forEachInEdge.bind(graph) : graph.forEachOutEdge.bind(graph);
    each(id, (_key, edge, source, target) => {
      if (edge.kind === 'column') return;
      const dataset = graph.getNodeAttributes(direction === 'in' ? source : target) as DatasetNode;
      list.push({ namespace: dataset.namespace, name: dataset.name });
    });
    return list;
  };
  return {
    id: { namespace: node.namespace, name: node.name },
    type: node.streaming ? 'STREAM' : 'BATCH',
    namespace: node.namespace,
    name: node.name,
    inputs: io('in'),
    outputs: io('out'),
    latestRun: node.lastRun ? { id: node.lastRun.runId, state: node.lastRun.state, at: node.lastRun.eventTime } : null,
  };
}
