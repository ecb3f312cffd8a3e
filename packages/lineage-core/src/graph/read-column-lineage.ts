import type {
  ColumnLineageFacet,
  InputField,
  LineageDataset,
  Transformation,
  TransformationType,
} from '../openlineage/openlineage-event';

/** One input feeding one output field, as Charter stores it: the transformations reduced to one type. */
export interface ColumnDependency {
  input: { namespace: string; name: string; field: string };
  outputField: string;
  type: TransformationType;
  subtypes: string[];
  masking: boolean;
  /** From a dataset-level input: it affects every output field. */
  datasetWide: boolean;
}

/** What an event says about the fields of one output dataset; undefined when it says nothing. */
export interface OutputLineage {
  /** Per output field its inputs. */
  fields: Map<string, ColumnDependency[]>;
  /** Inputs that affect every output field (expanded by the caller, who knows the dataset's columns; outputField ''). */
  datasetWide: ColumnDependency[];
}

interface ExplicitInput {
  type?: string;
  namespace?: string;
  name?: string;
  field?: string;
  transformations?: Transformation[];
}

interface ExplicitTarget {
  inputs?: ExplicitInput[];
  fields?: Record<string, { inputs?: ExplicitInput[] }>;
}

/**
 * The column lineage of an output dataset: the newer explicit `lineage` facet when the dataset or the job
 * declares one for it, else the `columnLineage` facet. Inputs without transformations count as DIRECT at field level
 * and INDIRECT at dataset level (they shape every row without being copied).
 */
export function readOutputLineage(
  output: LineageDataset,
  jobLineage: ExplicitTarget | undefined,
): OutputLineage | undefined {
  const explicit = (output.facets?.lineage as ExplicitTarget | undefined) ?? jobLineage;
  if (explicit && (explicit.fields !== undefined || explicit.inputs !== undefined)) return readExplicit(explicit);
  const columnLineage = output.facets?.columnLineage;
  return columnLineage ? readColumnLineageFacet(columnLineage) : undefined;
}

function readColumnLineageFacet(facet: ColumnLineageFacet): OutputLineage {
  const fields = new Map<string, ColumnDependency[]>();
  for (const [outputField, entry] of Object.entries(facet.fields ?? {})) {
    const dependencies: ColumnDependency[] = [];
    for (const input of entry.inputFields) addByType(dependencies, input, 'DIRECT', outputField);
    fields.set(outputField, dependencies);
  }
  const datasetWide: ColumnDependency[] = [];
  for (const input of facet.dataset ?? []) addByType(datasetWide, input, 'INDIRECT', '');
  return { fields, datasetWide };
}

function readExplicit(target: ExplicitTarget): OutputLineage {
  const fields = new Map<string, ColumnDependency[]>();
  for (const [outputField, entry] of Object.entries(target.fields ?? {})) {
    const dependencies: ColumnDependency[] = [];
    for (const input of entry.inputs ?? []) {
      if (isFieldInput(input)) addByType(dependencies, input, 'DIRECT', outputField);
    }
    fields.set(outputField, dependencies);
  }
  const datasetWide: ColumnDependency[] = [];
  for (const input of target.inputs ?? []) {
    if (isFieldInput(input)) addByType(datasetWide, input, 'INDIRECT', '');
  }
  return { fields, datasetWide };
}

/** Only dataset inputs naming a field feed columns; job inputs and whole-dataset inputs do not. */
function isFieldInput(input: ExplicitInput): input is ExplicitInput & InputField {
  return (
    (input.type === undefined || input.type === 'DATASET') &&
    typeof input.namespace === 'string' &&
    typeof input.name === 'string' &&
    typeof input.field === 'string'
  );
}

/**
 * Adds one dependency per transformation type the input carries (an input both copied and grouped by is a DIRECT
 * and an INDIRECT dependency), with that type's subtypes; `fallback` when it names no transformation. Written as
 * loops: it runs for every input field of every event.
 */
function addByType(
  into: ColumnDependency[],
  input: InputField,
  fallback: TransformationType,
  outputField: string,
): void {
  const transformations = input.transformations ?? [];
  const source = { namespace: input.namespace, name: input.name, field: input.field };
  const datasetWide = outputField === '';
  if (transformations.length === 0) {
    into.push({ input: source, outputField, type: fallback, subtypes: [], masking: false, datasetWide });
    return;
  }
  for (const type of ['DIRECT', 'INDIRECT'] as const) {
    let seen = false;
    let masking = false;
    const subtypes: string[] = [];
    for (const transformation of transformations) {
      if (transformation.type !== type) continue;
      seen = true;
      if (transformation.masking === true) masking = true;
      if (transformation.subtype !== undefined && !subtypes.includes(transformation.subtype)) {
        subtypes.push(transformation.subtype);
      }
    }
    if (seen) into.push({ input: source, outputField, type, subtypes: subtypes.sort(), masking, datasetWide });
  }
}
