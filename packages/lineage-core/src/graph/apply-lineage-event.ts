import type { LineageEvent, RunEventType } from '../openlineage/openlineage-event';
import { recordRun, upsertDataset, upsertIoEdge, upsertJob } from './graph-nodes';
import type { LineageGraph } from './lineage-graph';
import { datasetNodeId } from './node-ids';
import { readJobLineage, STATIC_WRITER, writeLineage } from './write-lineage';

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
