import type { LineageDataset, LineageJob } from '../openlineage/openlineage-event';
import type { AppliedEvent } from './apply-lineage-event';
import { addDownstream, relinkDownstream } from './column-index';
import { datasetOf, isBefore, upsertField } from './graph-nodes';
import type { ColumnEdge, DatasetNode, FieldNode, LineageGraph } from './lineage-graph';
import { datasetNodeId } from './node-ids';
import { type OutputLineage, readOutputLineage } from './read-column-lineage';

/** The writer of lineage declared by dataset events (no job). */
export const STATIC_WRITER = 'static';

/**
 * Writes an output dataset's column lineage as `writer` (a job node id, or STATIC_WRITER), replacing what that writer
 * wrote there before — unless that was newer, when the output is reported stale and nothing changes.
 */
export function writeLineage(
  graph: LineageGraph,
  applied: AppliedEvent,
  output: LineageDataset,
  writer: string,
  runId: string | undefined,
  eventTime: string,
  jobLineage: JobLineageTarget | undefined,
): void {
  const lineage = readOutputLineage(output, jobLineage);
  if (!lineage) return;
  const datasetId = datasetNodeId(output.namespace, output.name);
  const dataset = graph.getNodeAttributes(datasetId) as DatasetNode;
  const previous = dataset.writers[writer];
  if (previous !== undefined && isBefore(eventTime, previous)) {
    applied.staleOutputs.push(datasetId);
    return;
  }
  // This writer's earlier edges into the dataset are replaced. One that the new lineage has again (same source,
  // target and type: the common case, a job's next run) keeps its place in the graph and gets the new attributes;
  // the rest are dropped at the end. The counts say replaced either way (removed and added).
  const previousEdges = writerEdges(graph, dataset, writer);
  applied.edgesRemoved += previousEdges.size;
  graph.mergeNodeAttributes(datasetId, { writers: { ...dataset.writers, [writer]: eventTime } });
  const job = writer === STATIC_WRITER ? undefined : writer;
  // Duplicates can only come from this event: one edge per (source, target, type), found here by a local key. Edges
  // carry no key of their own (the graph makes a short one) and share equal attribute objects: at millions of edges,
  // per-edge strings and objects are most of the memory.
  const written = new Map<number, string>();
  // Input datasets by namespace and name, looked up once per event rather than once per input field.
  const inputs = new Map<string, Map<string, DatasetNode>>();
  const remember = ({ namespace, name }: { namespace: string; name: string }) => {
    const node = datasetOf(graph, namespace, name);
    let byName = inputs.get(namespace);
    if (!byName) {
      byName = new Map();
      inputs.set(namespace, byName);
    }
    byName.set(name, node);
    return node;
  };
  const shared = new Map<string, ColumnEdge>();
  const attributesFor = (edge: Omit<ColumnEdge, 'kind' | 'job' | 'run' | 'eventTime'>): ColumnEdge => {
    const id = `${edge.type}|${edge.subtypes.join(',')}|${edge.masking}|${edge.datasetWide}`;
    let attributes = shared.get(id);
    if (!attributes) {
      attributes = { kind: 'column', ...edge, job, run: runId, eventTime };
      shared.set(id, attributes);
    }
    return attributes;
  };
  for (const dependency of expand(lineage, dataset)) {
    const { input } = dependency;
    const from = upsertField(graph, inputs.get(input.namespace)?.get(input.name) ?? remember(input), input.field);
    const to = upsertField(graph, dataset, dependency.outputField);
    const source = from.id;
    const target = to.id;
    const local = edgeKey(from, to, dependency.type);
    const existing = written.get(local);
    if (existing !== undefined) {
      const current = graph.getEdgeAttributes(existing) as ColumnEdge;
      const merged = attributesFor({
        type: current.type,
        subtypes: [...new Set([...current.subtypes, ...dependency.subtypes])].sort(),
        masking: current.masking || dependency.masking,
        datasetWide: current.datasetWide && dependency.datasetWide,
      });
      graph.replaceEdgeAttributes(existing, merged);
      relinkDownstream(graph, from, to, current, merged);
      continue;
    }
    const attributes = attributesFor({
      type: dependency.type,
      subtypes: dependency.subtypes,
      masking: dependency.masking,
      datasetWide: dependency.datasetWide,
    });
    const kept = previousEdges.get(local);
    if (kept !== undefined) {
      previousEdges.delete(local);
      relinkDownstream(graph, from, to, graph.getEdgeAttributes(kept) as ColumnEdge, attributes);
      graph.replaceEdgeAttributes(kept, attributes);
      written.set(local, kept);
    } else {
      written.set(local, graph.addDirectedEdge(source, target, attributes));
      addDownstream(graph, from, to, attributes);
    }
    applied.edgesAdded += 1;
  }
  for (const key of previousEdges.values()) {
    relinkDownstream(
      graph,
      graph.getNodeAttributes(graph.source(key)) as FieldNode,
      graph.getNodeAttributes(graph.target(key)) as FieldNode,
      graph.getEdgeAttributes(key) as ColumnEdge,
      undefined,
    );
    graph.dropEdge(key);
  }
}

/** Field-level dependencies, with dataset-wide inputs expanded to every output field (current columns and named ones). */
function expand(lineage: OutputLineage, dataset: DatasetNode) {
  const dependencies = [...lineage.fields.values()].flat();
  if (lineage.datasetWide.length === 0) return dependencies;
  const outputFields = new Set([...(dataset.fields ?? []), ...lineage.fields.keys()]);
  for (const outputField of outputFields) {
    for (const wide of lineage.datasetWide) dependencies.push({ ...wide, outputField });
  }
  return dependencies;
}

/** The column edges `writer` wrote into the dataset's fields, by `edgeKey`. */
function writerEdges(graph: LineageGraph, dataset: DatasetNode, writer: string): Map<number, string> {
  const job = writer === STATIC_WRITER ? undefined : writer;
  const edges = new Map<number, string>();
  for (const column of dataset.columns.values()) {
    graph.forEachInEdge(column.id, (key, attributes, _source, _target, source) => {
      if (attributes.kind === 'column' && attributes.job === job) {
        edges.set(edgeKey(source as FieldNode, column, attributes.type), key);
      }
    });
  }
  return edges;
}

/**
 * One number per (source column, target column, type) — the columns' dense numbers (below 2^26 each) and a bit for
 * the type — so edges are matched without building or hashing id strings.
 */
function edgeKey(source: FieldNode, target: FieldNode, type: 'DIRECT' | 'INDIRECT'): number {
  return (source.index * 67_108_864 + target.index) * 2 + (type === 'DIRECT' ? 0 : 1);
}

export interface JobLineageTarget {
  namespace: string;
  name: string;
  inputs?: Array<Record<string, unknown>>;
  fields?: Record<string, { inputs?: Array<Record<string, unknown>> }>;
}

/** The job facet `lineage` (LineageJobFacet): its DATASET entries, by target dataset node id. */
export function readJobLineage(job: LineageJob): Map<string, JobLineageTarget> {
  const entries = (job.facets?.lineage as { entries?: unknown[] } | undefined)?.entries ?? [];
  const targets = new Map<string, JobLineageTarget>();
  for (const entry of entries as Array<Partial<JobLineageTarget> & { type?: string }>) {
    if (entry.type !== 'DATASET' || typeof entry.namespace !== 'string' || typeof entry.name !== 'string') continue;
    targets.set(datasetNodeId(entry.namespace, entry.name), entry as JobLineageTarget);
  }
  return targets;
}
