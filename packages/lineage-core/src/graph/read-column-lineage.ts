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
  /** Inputs that affect every output field (expanded by the caller, who knows the dataset's columns). */
  datasetWide: Omit<ColumnDependency, 'outputField'>[];
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
    fields.set(
      outputField,
      entry.inputFields.flatMap((input) =>
        byType(input, 'DIRECT').map((dependency) => ({ ...dependency, outputField, datasetWide: false })),
      ),
    );
  }
  const datasetWide = (facet.dataset ?? []).flatMap((input) =>
    byType(input, 'INDIRECT').map((dependency) => ({ ...dependency, datasetWide: true })),
  );
  return { fields, datasetWide };
}

function readExplicit(target: ExplicitTarget): OutputLineage {
  const fields = new Map<string, ColumnDependency[]>();
  for (const [outputField, entry] of Object.entries(target.fields ?? {})) {
    const inputs = (entry.inputs ?? []).filter(isFieldInput);
    fields.set(
      outputField,
      inputs.flatMap((input) =>
        byType(input, 'DIRECT').map((dependency) => ({ ...dependency, outputField, datasetWide: false })),
      ),
    );
  }
  const datasetWide = (target.inputs ?? [])
    .filter(isFieldInput)
    .flatMap((input) => byType(input, 'INDIRECT').map((dependency) => ({ ...dependency, datasetWide: true })));
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
 * One dependency per transformation type the input carries (an input both copied and grouped by is a DIRECT and an
 * INDIRECT dependency), with that type's subtypes; `fallback` when it names no transformation.
 */
function byType(input: InputField, fallback: TransformationType) {
  const transformations = input.transformations ?? [];
  const types: TransformationType[] =
    transformations.length === 0
      ? [fallback]
      : [...new Set(transformations.map((transformation) => transformation.type))];
  return types.map((type) => {
    const ofType = transformations.filter((transformation) => transformation.type === type);
    return {
      input: { namespace: input.namespace, name: input.name, field: input.field },
      type,
      subtypes: [...new Set(ofType.flatMap((transformation) => transformation.subtype ?? []))].sort(),
      masking: ofType.some((transformation) => transformation.masking === true),
    };
  });
}
