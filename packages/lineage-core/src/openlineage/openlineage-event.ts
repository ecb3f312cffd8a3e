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
export interface ColumnLineageFacet {
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
  fields?: SchemaField[];
}

export interface SchemaFacet {
  fields: SchemaField[];
}

/** The newer explicit `lineage` facet (LineageFacet.json), when present. */
export interface LineageFacet {
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
