import type { TableColumn } from '../sink/table-column';
import type { SinkBatch } from './sink-batch';

/** Who wrote the events (`producer` and every facet's `_producer`). */
export const PIPELINE_PRODUCER = 'https://github.com/charter-dev/charter/tree/main/apps/pipeline';
const RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const SCHEMA_FACET = 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
const COLUMN_LINEAGE_FACET =
  'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet';
const JOB_TYPE_FACET = 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet';
const INPUT_STATISTICS_FACET =
  'https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet';
const OUTPUT_STATISTICS_FACET =
  'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet';
/** Charter's own run facet: what OpenLineage's standard facets have no place for (duplicates, letters by class). */
export const SINK_RUN_FACET = 'charter_sink';
const SINK_RUN_FACET_SCHEMA = `${PIPELINE_PRODUCER}/README.md#lineage`;

export interface SchemaField {
  name: string;
  type: string;
  /** A record's own fields (OpenLineage's nested schema fields): a contract's nested properties are checked on them. */
  fields?: SchemaField[];
}

export interface SinkRunEventInput {
  runId: string;
  eventTime: Date;
  job: { namespace: string; name: string };
  /** The topic read, in the namespace the contracts use; its fields from the writer schema, when known. */
  input: { namespace: string; name: string; fields: SchemaField[] | undefined };
  /** The table written, its columns and which topic field each comes from. */
  output: { namespace: string; name: string; columns: readonly TableColumn[] };
  /** The dead-letter topic (a second output: what the sink refused). */
  deadLetters: { namespace: string; name: string };
  batch: SinkBatch;
}

/**
 * The OpenLineage RunEvent COMPLETE a sink reports for a batch: a streaming job reading the topic and writing the
 * table (its columns in a `schema` facet, each column's topic field in `columnLineage`, rows written in
 * `outputStatistics`) and the dead-letter topic (letters in `outputStatistics`); duplicates, letters by class and
 * the offsets read in the `charter_sink` run facet.
 */
export function buildSinkRunEvent(input: SinkRunEventInput): Record<string, unknown> {
  const { batch } = input;
  const facet = (schemaURL: string, fields: Record<string, unknown>) => ({
    _producer: PIPELINE_PRODUCER,
    _schemaURL: schemaURL,
    ...fields,
  });
  const columnLineage: Record<string, unknown> = {};
  for (const column of input.output.columns) {
    if (column.from === undefined) continue;
    columnLineage[column.name] = {
      inputFields: [
        {
          namespace: input.input.namespace,
          name: input.input.name,
          field: column.from,
          transformations: [
            column.transformation === undefined
              ? { type: 'DIRECT', subtype: 'IDENTITY' }
              : { type: 'DIRECT', subtype: 'TRANSFORMATION', description: column.transformation },
          ],
        },
      ],
    };
  }
  return {
    eventType: 'COMPLETE',
    eventTime: input.eventTime.toISOString(),
    producer: PIPELINE_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
    run: {
      runId: input.runId,
      facets: {
        [SINK_RUN_FACET]: facet(SINK_RUN_FACET_SCHEMA, {
          read: batch.read,
          inserted: batch.inserted,
          updated: batch.updated,
          duplicates: batch.duplicates,
          deadLettered: { ...batch.deadLettered },
          offsets: [...batch.offsets]
            .sort(([a], [b]) => a - b)
            .map(([partition, range]) => ({ partition, first: String(range.first), last: String(range.last) })),
        }),
      },
    },
    job: {
      namespace: input.job.namespace,
      name: input.job.name,
      facets: {
        jobType: facet(JOB_TYPE_FACET, { processingType: 'STREAMING', integration: 'CHARTER', jobType: 'JOB' }),
      },
    },
    inputs: [
      {
        namespace: input.input.namespace,
        name: input.input.name,
        ...(input.input.fields ? { facets: { schema: facet(SCHEMA_FACET, { fields: input.input.fields }) } } : {}),
        inputFacets: { inputStatistics: facet(INPUT_STATISTICS_FACET, { rowCount: batch.read }) },
      },
    ],
    outputs: [
      {
        namespace: input.output.namespace,
        name: input.output.name,
        facets: {
          schema: facet(SCHEMA_FACET, {
            fields: input.output.columns.map((column) => ({ name: column.name, type: column.type })),
          }),
          columnLineage: facet(COLUMN_LINEAGE_FACET, { fields: columnLineage }),
        },
        outputFacets: {
          outputStatistics: facet(OUTPUT_STATISTICS_FACET, { rowCount: batch.inserted + batch.updated }),
        },
      },
      {
        namespace: input.deadLetters.namespace,
        name: input.deadLetters.name,
        outputFacets: { outputStatistics: facet(OUTPUT_STATISTICS_FACET, { rowCount: batch.deadLetteredTotal }) },
      },
    ],
  };
}
