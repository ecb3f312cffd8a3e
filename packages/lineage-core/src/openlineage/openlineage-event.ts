/**
 * The parts of an OpenLineage event (spec 2-0-2) Charter reads, as they are after validation. Facets Charter does not
 * read are kept as given (`Record<string, unknown>`), never dropped.
 */
export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export const TRANSFORMATION_TYPES = ['DIRECT', 'INDIRECT'] as const;
export type TransformationType = (typeof TRANSFORMATION_TYPES)[number];

/** Subtypes per type, as the OpenLineage column-lineage documentation lists them. */
export const TRANSFORMATION_SUBTYPES: Readonly<Record<TransformationType, readonly string[]>> = {
  DIRECT: ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION'],
  INDIRECT: ['JOIN', 'GROUP_BY', 'FILTER', 'SORT', 'WINDOW', 'CONDITIONAL'],
};

/** What every facet carries (BaseFacet): who produced it and the schema it follows. */
export interface BaseFacet {
  _producer: string;
  _schemaURL: string;
  /** Dataset and job facets only: `true` asks the consumer to delete the facet. */
  _deleted?: boolean;
}

export interface Transformation {
  type: TransformationType;
  subtype?: string;
  description?: string;
  masking?: boolean;
}

/** One input field feeding an output field (or, at dataset level, the whole output dataset). */
export interface InputField {
  namespace: string;
  name: string;
  field: string;
  transformations?: Transformation[];
}

/** `columnLineage` facet: per output field its inputs, and `dataset` inputs that affect every output field. */
export interface ColumnLineageFacet extends BaseFacet {
  fields: Record<
    string,
    { inputFields: InputField[]; transformationDescription?: string; transformationType?: string }
  >;
  dataset?: InputField[];
}

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
  /** 1-based position of the field in the schema. */
  ordinal_position?: number;
  fields?: SchemaField[];
}

/** `schema` facet. The official SchemaDatasetFacet does not require `fields`, so neither does Charter. */
export interface SchemaFacet extends BaseFacet {
  fields?: SchemaField[];
}

/** A source in the explicit `lineage` facet: a dataset (optionally one of its fields) or a job. */
export interface LineageInput {
  type: 'DATASET' | 'JOB';
  namespace?: string;
  name?: string;
  field?: string;
  runId?: string;
  transformations?: Transformation[];
}

/** A target in a job's explicit `lineage` facet. */
export interface LineageEntry {
  type: 'DATASET' | 'JOB';
  namespace?: string;
  name?: string;
  runId?: string;
  inputs?: LineageInput[];
  fields?: Record<string, { inputs: LineageInput[] }>;
}

/**
 * The newer explicit `lineage` facet (LineageFacet.json), when present: on a dataset `inputs`/`fields`
 * (LineageDatasetFacet), on a job `entries` (LineageJobFacet).
 */
export interface LineageFacet {
  inputs?: LineageInput[];
  fields?: Record<string, { inputs: LineageInput[] }>;
  entries?: LineageEntry[];
  [key: string]: unknown;
}

export interface DatasetFacets {
  schema?: SchemaFacet;
  columnLineage?: ColumnLineageFacet;
  lineage?: LineageFacet;
  [facet: string]: unknown;
}

export interface LineageDataset {
  namespace: string;
  name: string;
  facets?: DatasetFacets;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
}

export interface LineageJob {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
}

export interface LineageRun {
  runId: string;
  facets?: Record<string, unknown>;
}

export interface RunEvent {
  kind: 'run';
  eventType?: RunEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: LineageRun;
  job: LineageJob;
  inputs: LineageDataset[];
  outputs: LineageDataset[];
}

export interface DatasetEvent {
  kind: 'dataset';
  eventTime: string;
  producer: string;
  schemaURL: string;
  dataset: LineageDataset;
}

export interface JobEvent {
  kind: 'job';
  eventTime: string;
  producer: string;
  schemaURL: string;
  job: LineageJob;
  inputs: LineageDataset[];
  outputs: LineageDataset[];
}

/** A validated event; `kind` says which of the spec's three it is (the wire format has no such field). */
export type LineageEvent = RunEvent | DatasetEvent | JobEvent;

/** One thing wrong with an event: where (JSON pointer), a stable code, and what. */
export interface EventViolation {
  path: string;
  code: string;
  message: string;
}
