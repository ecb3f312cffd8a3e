import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readContractDocument } from '@charter/contracts';
import { compileDatasetContracts } from '@charter/enforcement';
import { type LineageEvent, validateOpenLineageEvent } from '@charter/lineage-core';
import { findEventBreaches } from './find-event-breaches';

const SAMPLE_FLOW: unknown[] = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../../contracts/lineage/sample-flow.json'), 'utf8'),
);

/** Governs the warehouse load's output, raw.orders, and its input, staging.orders, with the same columns. */
const { contract } = readContractDocument(
  {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'warehouse-orders',
    version: '1.0.0',
    status: 'active',
    team: { name: 'orders' },
    schema: [{ name: 'orders', properties: [{ name: 'order_id' }, { name: 'amount_cents', logicalType: 'integer' }] }],
    customProperties: [
      {
        property: 'lineage',
        value: [
          { namespace: 'snowflake://acme.eu-west-1', name: 'raw.orders' },
          { namespace: 'postgres://staging-db.charter.local:5432', name: 'staging.orders' },
        ],
      },
    ],
  },
  { file: 'warehouse-orders/contract.odcs.yaml' },
);
const contracts = compileDatasetContracts([{ contract: contract!, file: 'warehouse-orders/contract.odcs.yaml' }]);

/** The warehouse load (sample flow event 2) as `runId`, its output's columns without `dropped`. */
function load(runId: string, options: { dropped?: string; eventType?: string; second?: number } = {}): LineageEvent {
  const raw = structuredClone(SAMPLE_FLOW[2]) as {
    run: { runId: string };
    eventType: string;
    eventTime: string;
    inputs: Array<{ facets?: unknown }>;
    outputs: Array<{ facets: { schema: { fields: Array<{ name: string }> } } }>;
  };
  raw.run.runId = runId;
  raw.eventType = options.eventType ?? raw.eventType;
  raw.eventTime = `2026-12-06T09:00:0${options.second ?? 0}.000Z`;
  const schema = raw.outputs[0]!.facets.schema;
  schema.fields = schema.fields.filter((field) => field.name !== options.dropped);
  raw.inputs[0]!.facets = { schema: { ...schema, fields: [{ name: 'order_id' }] } };
  const { event, violations } = validateOpenLineageEvent(raw, { maxBytes: 1_000_000 });
  if (!event) throw new Error(JSON.stringify(violations));
  return event;
}

const RUN = '5a3c0000-0000-4000-8000-0000000000a1';

describe('findEventBreaches', () => {
  it('checks inputs and outputs a contract governs, each with its role, the job and the run', () => {
    const breaches = findEventBreaches(load(RUN, { dropped: 'amount_cents' }), contracts);
    expect(
      breaches.map(({ role, dataset, job, runId, eventType, problems }) => ({
        role,
        dataset: dataset.name,
        job: job?.name,
        runId,
        eventType,
        fields: problems.map((problem) => problem.field),
      })),
    ).toEqual([
      {
        role: 'input',
        dataset: 'staging.orders',
        job: 'load_raw.orders',
        runId: RUN,
        eventType: 'COMPLETE',
        fields: ['amount_cents'],
      },
      {
        role: 'output',
        dataset: 'raw.orders',
        job: 'load_raw.orders',
        runId: RUN,
        eventType: 'COMPLETE',
        fields: ['amount_cents'],
      },
    ]);
    expect(breaches[1]!.problems[0]).toEqual({
      code: 'field-missing',
      field: 'amount_cents',
      path: '/schema/0/properties/1',
      message: expect.stringContaining('dataset "raw.orders" in snowflake://acme.eu-west-1'),
    });
  });

  it('gives the same breach of one run the same fingerprint, whichever event of the run reports it', () => {
    const [, complete] = findEventBreaches(load(RUN, { dropped: 'amount_cents' }), contracts);
    const [, running] = findEventBreaches(
      load(RUN, { dropped: 'amount_cents', eventType: 'RUNNING', second: 5 }),
      contracts,
    );
    const [, nextRun] = findEventBreaches(load(`${RUN.slice(0, -1)}2`, { dropped: 'amount_cents' }), contracts);
    const [, otherProblem] = findEventBreaches(load(RUN, { dropped: 'order_id' }), contracts);
    expect(running!.fingerprint).toBe(complete!.fingerprint);
    expect(nextRun!.fingerprint).not.toBe(complete!.fingerprint);
    expect(otherProblem!.fingerprint).not.toBe(complete!.fingerprint);
  });

  it('finds nothing where no contract governs anything', () => {
    expect(findEventBreaches(load(RUN, { dropped: 'amount_cents' }), compileDatasetContracts([]))).toEqual([]);
  });
});
