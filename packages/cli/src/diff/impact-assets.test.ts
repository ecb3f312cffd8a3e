// Bad inputs tried (answers off the wire): datasets that are not a list, a dataset that is null or a string,
// fields of the wrong type (name a number, fields a string, contract without an id), an unknown severity/verdict.
import fc from 'fast-check';
import type { ImpactedAsset } from './diff-report';
import {
  classifyAsset,
  type ImpactAnswerDataset,
  impactReason,
  isStreamingAsset,
  toChangeImpact,
  toImpactedAsset,
} from './impact-assets';

/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };

const CHANGE = { subject: 'orders-value', version: 4, file: 'contracts/orders/schemas/orders-value/v4.avsc' };
const FLINK = { namespace: 'flink://prod', name: 'orders_to_staging', streaming: true, integration: 'FLINK' };
const DBT = { namespace: 'dbt://acme', name: 'analytics.stg_orders', streaming: false, integration: 'DBT' };
const AIRFLOW = { namespace: 'airflow://acme', name: 'load_raw.orders', streaming: false, integration: 'AIRFLOW' };

const cases: Array<{ name: string; dataset: ImpactAnswerDataset; kind: ImpactedAsset['kind']; streaming: boolean }> = [
  {
    name: 'a Kafka topic, whoever writes it',
    dataset: { namespace: 'kafka://broker:9092', name: 'orders.enriched', writer: AIRFLOW },
    kind: 'topic',
    streaming: true,
  },
  {
    name: 'a table a streaming job writes',
    dataset: { namespace: 'postgres://db:5432', name: 'staging.orders', writer: FLINK, streaming: true },
    kind: 'table',
    streaming: true,
  },
  {
    name: 'a table a batch job writes downstream of a stream (inherited streaming flag ignored)',
    dataset: { namespace: 'snowflake://acme', name: 'raw.orders', writer: AIRFLOW, streaming: true },
    kind: 'table',
    streaming: false,
  },
  {
    name: 'a dbt model (by its job integration)',
    dataset: { namespace: 'snowflake://acme', name: 'analytics.stg_orders', writer: DBT },
    kind: 'dbt-model',
    streaming: false,
  },
  {
    name: 'a dbt model (by its job namespace)',
    dataset: { namespace: 'bigquery', name: 'm', writer: { namespace: 'dbt://x', name: 'm', streaming: false } },
    kind: 'dbt-model',
    streaming: false,
  },
  {
    name: 'a dashboard the catalog names',
    dataset: {
      namespace: 'looker://acme.looker.com',
      name: 'dashboards.executive_revenue',
      dashboard: { id: 'executive-revenue', executive: true },
      writer: { namespace: 'looker://acme', name: 'refresh', streaming: false },
    },
    kind: 'dashboard',
    streaming: false,
  },
  {
    name: 'a file on object storage',
    dataset: { namespace: 's3://bucket', name: 'exports/orders' },
    kind: 'dataset',
    streaming: false,
  },
  {
    name: 'lineage declared by a dataset event (no writer)',
    dataset: { namespace: 'mysql://db', name: 'shop.orders' },
    kind: 'table',
    streaming: false,
  },
  {
    name: 'an answer with nonsense types',
    dataset: { namespace: 7, name: ['x'], writer: 'flink', dashboard: null } as ImpactAnswerDataset,
    kind: 'dataset',
    streaming: false,
  },
];

describe('what a reached dataset is, and which table it goes in', () => {
  it.each(cases)('$name → $kind, streaming $streaming', ({ dataset, kind, streaming }) => {
    expect(classifyAsset(dataset)).toBe(kind);
    expect(isStreamingAsset(dataset)).toBe(streaming);
  });

  it('keeps team, contract, fields, depth, path and reason; drops what is not of its type', () => {
    expect(
      toImpactedAsset({
        namespace: 'kafka://b',
        name: 't',
        team: 'analytics',
        contract: { id: 'revenue', tier: 'tier-1' },
        fields: ['amount', 3, 'currency'],
        depth: 2,
        path: ['a', 'b'],
        reason: 'tier-1 contract revenue',
      }),
    ).toEqual({
      namespace: 'kafka://b',
      name: 't',
      team: 'analytics',
      kind: 'topic',
      contract: { id: 'revenue', tier: 'tier-1' },
      fields: ['amount', 'currency'],
      depth: 2,
      path: ['a', 'b'],
      reason: 'tier-1 contract revenue',
    });
    expect(toImpactedAsset({ contract: { tier: 'tier-1' }, team: 5 })).toEqual({
      namespace: '',
      name: '',
      kind: 'dataset',
      fields: [],
      depth: 0,
      path: [],
    });
  });
});

describe('a change impact and the reason it adds', () => {
  const datasets = cases.map((entry) => entry.dataset);

  it.each([
    ['CRITICAL', 'block', true],
    ['HIGH', 'needs-approval', true],
    ['MEDIUM', 'warn', false],
    ['LOW', 'allow', false],
  ] as const)('%s (%s) blocks: %s', (severity, verdict, blocks) => {
    const impact = toChangeImpact(CHANGE, { severity, verdict, reasons: ['reaches x', 'reaches y'], datasets });
    expect(impact).toMatchObject({ ...CHANGE, severity, verdict, reasons: ['reaches x', 'reaches y'] });
    const reason = impactReason(impact);
    if (!blocks) return expect(reason).toBeUndefined();
    expect(reason).toEqual({
      code: 'impact-needs-approval',
      blocking: true,
      file: CHANGE.file,
      subject: CHANGE.subject,
      version: CHANGE.version,
      message: expect.stringContaining(`${severity} impact (${verdict}), reaching ${datasets.length} dataset(s)`),
    });
  });

  it('splits every dataset into exactly one of the two tables', () => {
    const impact = toChangeImpact(CHANGE, { severity: 'MEDIUM', verdict: 'warn', datasets });
    expect(impact.streaming.map((asset) => asset.name)).toEqual(['orders.enriched', 'staging.orders']);
    expect(impact.batch).toHaveLength(datasets.length - 2);
  });

  it.each([
    ['datasets not a list', { severity: 'HIGH', verdict: 'needs-approval', datasets: 'all of them' }],
    ['null and string datasets', { severity: 'HIGH', verdict: 'needs-approval', datasets: [null, 'x'] }],
    ['an unknown severity and verdict', { severity: 'APOCALYPTIC', verdict: 'panic', datasets: [] }],
  ])('reads %s without throwing', (_name, answer) => {
    const impact = toChangeImpact(CHANGE, answer);
    expect(impact.batch).toEqual([]);
    expect(impact.streaming).toEqual([]);
  });

  it('puts every dataset in one table, topics always in streaming, whatever the answer holds (property)', () => {
    const dataset = fc.record(
      {
        namespace: fc.constantFrom('kafka://b', 'postgres://d', 'snowflake://w', 's3://x', 'looker://l', 7),
        name: fc.string(),
        streaming: fc.boolean(),
        dashboard: fc.constantFrom(undefined, { id: 'd', executive: false }),
        writer: fc.option(
          fc.record({
            namespace: fc.constantFrom('dbt://a', 'flink://b', 'airflow://c'),
            name: fc.string(),
            streaming: fc.boolean(),
          }),
          { nil: undefined },
        ),
      },
      { requiredKeys: ['namespace', 'name'] },
    );
    fc.assert(
      fc.property(fc.array(dataset, { maxLength: 30 }), (list) => {
        const impact = toChangeImpact(CHANGE, { severity: 'LOW', verdict: 'allow', datasets: list });
        expect(impact.batch.length + impact.streaming.length).toBe(list.length);
        // A topic is a stream, whoever writes it.
        expect(impact.batch.filter((asset) => asset.kind === 'topic')).toEqual([]);
      }),
      RUNS,
    );
  });
});
