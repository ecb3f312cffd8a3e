import { MultiDirectedGraph } from 'graphology';
import type { RunEventType, TransformationType } from '../openlineage/openlineage-event';

/** The last run of a job Charter has seen, and the last one that built edges. */
export interface RunRecord {
  runId: string;
  state: RunEventType | 'UNKNOWN';
  eventTime: string;
}

export interface DatasetNode {
  kind: 'dataset';
  /** The node's id (the one string instance every field of the dataset refers to). */
  id: string;
  namespace: string;
  name: string;
  /** The current columns, from the latest `schema` facet; undefined while no schema has been seen. */
  fields: string[] | undefined;
  /** When that schema was seen (event time). */
  schemaAt: string | undefined;
  /** Every field a node exists for (current or not), by field name. */
  columns: Map<string, FieldNode>;
  /** Per writer (job node id, or `static` for dataset events): the event time of the lineage it last wrote here. */
  writers: Record<string, string>;
}

export interface FieldNode {
  kind: 'field';
  namespace: string;
  name: string;
  field: string;
  /** The dataset's node id. */
  dataset: string;
  /** False when the dataset's latest schema no longer has this field: edges out of it are dangling. */
  exists: boolean;
  /** The node's id (the same string instance the graph keys it by). */
  id: string;
  /** The column's dense number in the graph's column index, which also holds its downstream edges for walks. */
  index: number;
}

export interface JobNode {
  kind: 'job';
  namespace: string;
  name: string;
  /** A streaming job (jobType STREAMING, or seen RUNNING): its outputs change continuously. */
  streaming: boolean;
  /** The integration its `jobType` facet names (`DBT`, `FLINK`, `AIRFLOW`…), when one has. */
  integration: string | undefined;
  lastRun: RunRecord | undefined;
  /** The run whose events last built this job's edges (COMPLETE or RUNNING). */
  lineageRun: RunRecord | undefined;
}

export type LineageNode = DatasetNode | FieldNode | JobNode;

/** Field → field: one per (job, source, target, type); DIRECT and INDIRECT between the same pair are two edges. */
export interface ColumnEdge {
  kind: 'column';
  type: TransformationType;
  subtypes: string[];
  masking: boolean;
  /** The job node id; undefined for lineage declared by a dataset event (no job). */
  job: string | undefined;
  run: string | undefined;
  eventTime: string;
  /** Came from the facet's dataset-level inputs (the input affects every output field). */
  datasetWide: boolean;
}

/** Dataset → job (the job reads it) and job → dataset (the job writes it): the dataset-level graph. */
export interface IoEdge {
  kind: 'input' | 'output';
  eventTime: string;
}

export type LineageEdge = ColumnEdge | IoEdge;

/** One graph per process: datasets, their fields and jobs, with typed edges. */
export type LineageGraph = MultiDirectedGraph<LineageNode, LineageEdge>;

export function createLineageGraph(): LineageGraph {
  return new MultiDirectedGraph<LineageNode, LineageEdge>({ allowSelfLoops: true });
}
