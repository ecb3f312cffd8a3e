import { datasetNodeId } from '../src/graph/node-ids';
import { type Asset, assessImpact, type ChangedField } from '../src/impact/assess-impact';
import { DEFAULT_SEVERITY_POLICY, readSeverityPolicy, type SeverityPolicy } from '../src/impact/severity-policy';
import { loadSampleFlow, NS } from './sample-flow';

const graph = loadSampleFlow();

/** Who owns what in the sample flow, as the lineage service builds it from contracts and exposures. */
const ASSETS = new Map<string, Asset>([
  [datasetNodeId(NS.kafka, 'orders'), { team: 'orders', contract: { id: 'orders', tier: 'tier-1' } }],
  [datasetNodeId(NS.kafka, 'user-events'), { team: 'growth', contract: { id: 'user-events', tier: 'tier-2' } }],
  [datasetNodeId(NS.staging, 'staging.orders'), { team: 'platform' }],
  [datasetNodeId(NS.staging, 'staging.user_events'), { team: 'platform' }],
  [datasetNodeId(NS.warehouse, 'raw.orders'), { team: 'platform' }],
  [datasetNodeId(NS.warehouse, 'raw.user_events'), { team: 'platform' }],
  [datasetNodeId(NS.warehouse, 'analytics.stg_orders'), { team: 'analytics' }],
  [
    datasetNodeId(NS.warehouse, 'analytics.fct_revenue_daily'),
    { team: 'analytics', contract: { id: 'revenue-mart', tier: 'tier-2' } },
  ],
  [
    datasetNodeId(NS.warehouse, 'analytics.customer_ltv'),
    { team: 'analytics', contract: { id: 'customer-ltv', tier: 'tier-2' } },
  ],
  [
    datasetNodeId(NS.looker, 'dashboards.executive_revenue'),
    { team: 'analytics', dashboard: { id: 'executive-revenue', executive: true } },
  ],
  [
    datasetNodeId(NS.looker, 'dashboards.customer_segments'),
    { team: 'growth', dashboard: { id: 'customer-segments', executive: false } },
  ],
]);
const assets = (dataset: string) => ASSETS.get(dataset);
const change = (namespace: string, name: string, field: string, kind = 'field-removed'): ChangedField => ({
  namespace,
  name,
  field,
  change: kind,
});
const NO_CRITICAL: SeverityPolicy = {
  ...DEFAULT_SEVERITY_POLICY,
  criticalTiers: [],
  criticalExecutiveDashboards: false,
};

describe('assessImpact', () => {
  const cases: Array<[string, ChangedField, string, SeverityPolicy, string, string, string]> = [
    [
      'reaches an executive dashboard',
      change(NS.kafka, 'orders', 'amount_cents'),
      'orders',
      DEFAULT_SEVERITY_POLICY,
      'CRITICAL',
      'block',
      'executive dashboard executive-revenue',
    ],
    [
      'the same without critical rules: other teams’ contracts',
      change(NS.kafka, 'orders', 'amount_cents'),
      'orders',
      NO_CRITICAL,
      'HIGH',
      'needs-approval',
      "team analytics's contract",
    ],
    [
      'reaches another team’s tier-2 contract',
      change(NS.kafka, 'user-events', 'user_id'),
      'growth',
      DEFAULT_SEVERITY_POLICY,
      'HIGH',
      'needs-approval',
      "team analytics's contract customer-ltv",
    ],
    [
      'reaches only the team’s own assets',
      change(NS.warehouse, 'analytics.stg_orders', 'order_id'),
      'analytics',
      DEFAULT_SEVERITY_POLICY,
      'MEDIUM',
      'warn',
      'downstream dataset',
    ],
    [
      'reaches only uncontracted datasets',
      change(NS.kafka, 'user-events', 'session_id'),
      'growth',
      DEFAULT_SEVERITY_POLICY,
      'MEDIUM',
      'warn',
      'reaches 2 downstream',
    ],
    [
      'reaches nothing',
      change(NS.looker, 'dashboards.customer_segments', 'customers'),
      'growth',
      DEFAULT_SEVERITY_POLICY,
      'LOW',
      'allow',
      'nothing downstream',
    ],
    [
      'names a column lineage has never seen',
      change(NS.kafka, 'orders', 'no_such_field'),
      'orders',
      DEFAULT_SEVERITY_POLICY,
      'LOW',
      'allow',
      'nothing downstream',
    ],
  ];

  it.each(cases)('%s', (_name, changed, team, policy, severity, verdict, reason) => {
    const report = assessImpact(graph, { changes: [changed], changedBy: team }, assets, policy);
    expect([report.severity, report.verdict]).toEqual([severity, verdict]);
    expect(report.reasons[0]).toContain(reason);
  });

  it('groups what it reaches by owner, with the path to each dataset and streaming vs batch', () => {
    const report = assessImpact(
      graph,
      { changes: [change(NS.kafka, 'orders', 'amount_cents')], changedBy: 'orders' },
      assets,
    );
    expect(report.byTeam.map(({ team, datasets }) => [team, datasets.map((dataset) => dataset.name)])).toEqual([
      [
        'analytics',
        [
          'analytics.stg_orders',
          'analytics.fct_revenue_daily',
          'analytics.customer_ltv',
          'dashboards.executive_revenue',
        ],
      ],
      ['growth', ['dashboards.customer_segments']],
      ['platform', ['staging.orders', 'raw.orders']],
    ]);
    expect(
      report.byContract.map(({ contract, datasets }) => [
        contract?.id ?? null,
        datasets.map((dataset) => dataset.name),
      ]),
    ).toEqual([
      ['customer-ltv', ['analytics.customer_ltv']],
      ['revenue-mart', ['analytics.fct_revenue_daily']],
      [
        null,
        [
          'staging.orders',
          'raw.orders',
          'analytics.stg_orders',
          'dashboards.executive_revenue',
          'dashboards.customer_segments',
        ],
      ],
    ]);
    expect(report.byContract[1]!.contract).toEqual({ id: 'revenue-mart', tier: 'tier-2' });
    const dashboard = report.datasets.find((dataset) => dataset.name === 'dashboards.executive_revenue')!;
    expect(dashboard.path).toHaveLength(6);
    expect(dashboard.reason).toBe('executive dashboard executive-revenue');
    // Each dataset names the job writing its nearest column: only the Flink job's own output is a streaming write.
    const writers = Object.fromEntries(
      report.datasets.map((dataset) => [
        dataset.name,
        dataset.writer && [dataset.writer.name, dataset.writer.streaming, dataset.writer.integration],
      ]),
    );
    expect(writers).toMatchObject({
      'staging.orders': ['orders_to_staging', true, 'FLINK'],
      'raw.orders': ['load_raw.orders', false, 'AIRFLOW'],
      'analytics.stg_orders': ['analytics.stg_orders', false, 'DBT'],
      'dashboards.executive_revenue': ['refresh.executive_revenue', false, undefined],
    });
    // Everything downstream of the Flink job is fed continuously.
    expect(report.counts).toEqual({ columns: 8, datasets: 7, streaming: 7, batch: 0, dangling: 0 });
    expect(report.changes).toEqual([{ ...change(NS.kafka, 'orders', 'amount_cents'), known: true }]);
  });

  it('judges DIRECT-only impact separately', () => {
    const all = assessImpact(graph, { changes: [change(NS.kafka, 'orders', 'status')], changedBy: 'orders' }, assets);
    const direct = assessImpact(
      graph,
      { changes: [change(NS.kafka, 'orders', 'status')], changedBy: 'orders', directOnly: true },
      assets,
    );
    expect(all.severity).toBe('CRITICAL');
    expect(direct.severity).toBe('MEDIUM');
    expect(direct.datasets.map((dataset) => dataset.name)).toEqual([
      'staging.orders',
      'raw.orders',
      'analytics.stg_orders',
    ]);
  });
});

describe('readSeverityPolicy', () => {
  it('fills what is left out with the defaults', () => {
    expect(readSeverityPolicy({ verdicts: { HIGH: 'block' } }).policy).toEqual({
      ...DEFAULT_SEVERITY_POLICY,
      verdicts: { ...DEFAULT_SEVERITY_POLICY.verdicts, HIGH: 'block' },
    });
    expect(readSeverityPolicy(undefined).policy).toEqual(DEFAULT_SEVERITY_POLICY);
  });

  const bad: Array<[string, unknown, string]> = [
    ['an unknown verdict', { verdicts: { CRITICAL: 'shrug' } }, '/verdicts/CRITICAL'],
    ['an unknown severity', { verdicts: { SEVERE: 'block' } }, '/verdicts'],
    ['an unknown tier', { criticalTiers: ['tier-0'] }, '/criticalTiers/0'],
    ['an unknown key', { blockEverything: true }, '/'],
    ['a list', ['block'], '/'],
  ];
  it.each(bad)('refuses %s', (_name, value, path) => {
    const { policy, problems } = readSeverityPolicy(value);
    expect(policy).toBeUndefined();
    expect(problems.map((problem) => problem.path)).toContain(path);
  });
});
