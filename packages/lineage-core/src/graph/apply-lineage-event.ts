import type { LineageDataset, LineageEvent, LineageJob, RunEventType } from '../openlineage/openlineage-event';
import { addDownstream, columnIndexOf, indexColumn, relinkDownstream, setColumnExists } from './column-index';
import type { ColumnEdge, DatasetNode, FieldNode, JobNode, LineageGraph } from './lineage-graph';
import { datasetNodeId, fieldNodeId, jobNodeId } from './node-ids';
import { type OutputLineage, readOutputLineage } from './read-column-lineage';

export interface AppliedEvent {
  /** Whether the event wrote column lineage (COMPLETE and RUNNING run events, job and dataset events). */
  builtLineage: boolean;
  edgesAdded: number;
  edgesRemoved: number;
  /** Output datasets whose lineage was skipped: this writer had already written newer lineage there. */
  staleOutputs: string[];
}

/** Run states that build edges: streaming jobs only ever send RUNNING. START, FAIL, ABORT, OTHER record the run. */
const LINEAGE_STATES = new Set<RunEventType | undefined>(['COMPLETE', 'RUNNING']);
const STATIC_WRITER = 'static';

/**
 * Applies one validated event to the graph. Column lineage of an output dataset comes from the explicit `lineage`
 * facet when present, else `columnLineage`; it replaces what the same job (the same writer) wrote into that dataset
 * before, unless it is older than that. A dataset's current columns come from its latest `schema` facet; fields that
 * left it keep their edges and are marked `exists: false` (dangling). Mutations happen synchronously: a caller that
 * serialises calls never lets a query see half an event.
 */
export function applyLineageEvent(graph: LineageGraph, event: LineageEvent): AppliedEvent {
  const applied: AppliedEvent = { builtLineage: false, edgesAdded: 0, edgesRemoved: 0, staleOutputs: [] };
  if (event.kind === 'dataset') {
    upsertDataset(graph, event.dataset, event.eventTime, true);
    writeLineage(graph, applied, event.dataset, STATIC_WRITER, undefined, event.eventTime, undefined);
    applied.builtLineage = true;
    return applied;
  }
  const jobId = upsertJob(graph, event.job, event.kind === 'run' ? event.eventType : undefined);
  const buildsLineage = event.kind === 'job' || LINEAGE_STATES.has(event.eventType);
  const runId = event.kind === 'run' ? event.run.runId : undefined;
  if (event.kind === 'run') recordRun(graph, jobId, runId!, event.eventType, event.eventTime, buildsLineage);

  for (const input of event.inputs) {
    const datasetId = upsertDataset(graph, input, event.eventTime, true);
    upsertIoEdge(graph, datasetId, jobId, 'input', event.eventTime);
  }
  const jobLineage = readJobLineage(event.job);
  for (const output of event.outputs) {
    const datasetId = upsertDataset(graph, output, event.eventTime, buildsLineage);
    upsertIoEdge(graph, jobId, datasetId, 'output', event.eventTime);
    if (!buildsLineage) continue;
    writeLineage(graph, applied, output, jobId, runId, event.eventTime, jobLineage.get(datasetId));
  }
  if (buildsLineage) {
    // Targets the job's own lineage facet names beyond the event's outputs.
    for (const [datasetId, target] of jobLineage) {
      if (event.outputs.some((output) => datasetNodeId(output.namespace, output.name) === datasetId)) continue;
      const dataset = { namespace: target.namespace, name: target.name };
      upsertDataset(graph, dataset, event.eventTime, false);
      upsertIoEdge(graph, jobId, datasetId, 'output', event.eventTime);
      writeLineage(graph, applied, dataset, jobId, runId, event.eventTime, target);
    }
  }
  applied.builtLineage = buildsLineage;
  return applied;
}

function writeLineage(
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

function upsertJob(graph: LineageGraph, job: LineageJob, eventType: RunEventType | undefined): string {
  const id = jobNodeId(job.namespace, job.name);
  const declaredStreaming =
    (job.facets?.jobType as { processingType?: string } | undefined)?.processingType === 'STREAMING';
  if (!graph.hasNode(id)) {
    const node: JobNode = {
      kind: 'job',
      namespace: job.namespace,
      name: job.name,
      streaming: declaredStreaming || eventType === 'RUNNING',
      lastRun: undefined,
      lineageRun: undefined,
    };
    graph.addNode(id, node);
    if (node.streaming) columnIndexOf(graph).streamingJobs.add(id);
  } else if (declaredStreaming || eventType === 'RUNNING') {
    graph.mergeNodeAttributes(id, { streaming: true });
    columnIndexOf(graph).streamingJobs.add(id);
  }
  return id;
}

function recordRun(
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
function upsertDataset(
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
function datasetOf(graph: LineageGraph, namespace: string, name: string): DatasetNode {
  const id = datasetNodeId(namespace, name);
  if (!graph.hasNode(id)) upsertDataset(graph, { namespace, name }, '', false);
  return graph.getNodeAttributes(id) as DatasetNode;
}

function upsertField(graph: LineageGraph, dataset: DatasetNode, field: string): FieldNode {
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

function upsertIoEdge(
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

interface JobLineageTarget {
  namespace: string;
  name: string;
  inputs?: Array<Record<string, unknown>>;
  fields?: Record<string, { inputs?: Array<Record<string, unknown>> }>;
}

/** The job facet `lineage` (LineageJobFacet): its DATASET entries, by target dataset node id. */
function readJobLineage(job: LineageJob): Map<string, JobLineageTarget> {
  const entries = (job.facets?.lineage as { entries?: unknown[] } | undefined)?.entries ?? [];
  const targets = new Map<string, JobLineageTarget>();
  for (const entry of entries as Array<Partial<JobLineageTarget> & { type?: string }>) {
    if (entry.type !== 'DATASET' || typeof entry.namespace !== 'string' || typeof entry.name !== 'string') continue;
    targets.set(datasetNodeId(entry.namespace, entry.name), entry as JobLineageTarget);
  }
  return targets;
}

function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}
