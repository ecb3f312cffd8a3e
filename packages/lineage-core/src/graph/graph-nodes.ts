import type { LineageDataset, LineageJob, RunEventType } from '../openlineage/openlineage-event';
import { columnIndexOf, indexColumn, setColumnExists } from './column-index';
import type { DatasetNode, FieldNode, JobNode, LineageGraph } from './lineage-graph';
import { datasetNodeId, fieldNodeId, jobNodeId } from './node-ids';

// The graph's nodes and dataset-level edges, added or updated by `applyLineageEvent`.

export function upsertJob(graph: LineageGraph, job: LineageJob, eventType: RunEventType | undefined): string {
  const id = jobNodeId(job.namespace, job.name);
  const jobType = job.facets?.jobType as { processingType?: string; integration?: unknown } | undefined;
  const declaredStreaming = jobType?.processingType === 'STREAMING';
  const integration = typeof jobType?.integration === 'string' ? jobType.integration : undefined;
  if (!graph.hasNode(id)) {
    const node: JobNode = {
      kind: 'job',
      namespace: job.namespace,
      name: job.name,
      streaming: declaredStreaming || eventType === 'RUNNING',
      integration,
      lastRun: undefined,
      lineageRun: undefined,
    };
    graph.addNode(id, node);
    if (node.streaming) columnIndexOf(graph).streamingJobs.add(id);
  } else {
    if (declaredStreaming || eventType === 'RUNNING') {
      graph.mergeNodeAttributes(id, { streaming: true });
      columnIndexOf(graph).streamingJobs.add(id);
    }
    if (integration !== undefined) graph.mergeNodeAttributes(id, { integration });
  }
  return id;
}

export function recordRun(
  graph: LineageGraph,
  jobId: string,
  runId: string,
  eventType: RunEventType | undefined,
  eventTime: string,
  buildsLineage: boolean,
): void {
  const job = graph.getNodeAttributes(jobId) as JobNode;
  const run = { runId, state: eventType ?? 'UNKNOWN', eventTime } as const;
  if (!job.lastRun || !isBefore(eventTime, job.lastRun.eventTime)) graph.mergeNodeAttributes(jobId, { lastRun: run });
  if (buildsLineage && (!job.lineageRun || !isBefore(eventTime, job.lineageRun.eventTime))) {
    graph.mergeNodeAttributes(jobId, { lineageRun: run });
  }
}

/** Adds the dataset if new; applies its `schema` facet when `applySchema` and it is not older than the last one. */
export function upsertDataset(
  graph: LineageGraph,
  dataset: Pick<LineageDataset, 'namespace' | 'name' | 'facets'>,
  eventTime: string,
  applySchema: boolean,
): string {
  const id = datasetNodeId(dataset.namespace, dataset.name);
  if (!graph.hasNode(id)) {
    const node: DatasetNode = {
      kind: 'dataset',
      id,
      namespace: dataset.namespace,
      name: dataset.name,
      fields: undefined,
      schemaAt: undefined,
      columns: new Map(),
      writers: {},
    };
    graph.addNode(id, node);
  }
  const schema = dataset.facets?.schema;
  if (!applySchema || !schema) return id;
  const current = graph.getNodeAttributes(id) as DatasetNode;
  if (current.schemaAt !== undefined && isBefore(eventTime, current.schemaAt)) return id;
  const fields = (schema.fields ?? []).map((field) => field.name);
  graph.mergeNodeAttributes(id, { fields, schemaAt: eventTime });
  const present = new Set(fields);
  for (const field of fields) upsertField(graph, current, field);
  for (const [field, column] of current.columns) {
    column.exists = present.has(field);
    setColumnExists(graph, column);
  }
  return id;
}

/** The dataset's node for a column's (namespace, name), added when new. */
export function datasetOf(graph: LineageGraph, namespace: string, name: string): DatasetNode {
  const id = datasetNodeId(namespace, name);
  if (!graph.hasNode(id)) upsertDataset(graph, { namespace, name }, '', false);
  return graph.getNodeAttributes(id) as DatasetNode;
}

export function upsertField(graph: LineageGraph, dataset: DatasetNode, field: string): FieldNode {
  const known = dataset.columns.get(field);
  if (known) return known;
  const id = fieldNodeId(dataset.namespace, dataset.name, field);
  const node: FieldNode = {
    kind: 'field',
    namespace: dataset.namespace,
    name: dataset.name,
    field,
    dataset: dataset.id,
    exists: dataset.fields === undefined || dataset.fields.includes(field),
    id,
    index: -1,
  };
  graph.addNode(id, node);
  node.index = indexColumn(graph, node);
  dataset.columns.set(field, node);
  return node;
}

export function upsertIoEdge(
  graph: LineageGraph,
  source: string,
  target: string,
  kind: 'input' | 'output',
  eventTime: string,
) {
  const key = `${kind}|${source}|${target}`;
  if (graph.hasEdge(key)) graph.mergeEdgeAttributes(key, { eventTime });
  else graph.addDirectedEdgeWithKey(key, source, target, { kind, eventTime });
}

export function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}
