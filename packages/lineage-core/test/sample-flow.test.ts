import { applyLineageEvent } from '../src/graph/apply-lineage-event';
import { columnIndexOf, downstreamOf } from '../src/graph/column-index';
import type { ColumnEdge, DatasetNode, FieldNode, JobNode } from '../src/graph/lineage-graph';
import { datasetNodeId, fieldNodeId, jobNodeId } from '../src/graph/node-ids';
import { findAncestors } from '../src/traversal/find-ancestors';
import { findDanglingColumns } from '../src/traversal/find-dangling-columns';
import { findDescendants } from '../src/traversal/find-descendants';
import { rollUpDatasets } from '../src/traversal/roll-up-datasets';
import { asRunEvent, column, loadSampleFlow, NS, readSampleFlow } from './sample-flow';

const graph = loadSampleFlow();
const ids = (columns: Array<{ nodeId: string }>) => columns.map((reached) => reached.nodeId).sort();

const stg = (field: string) => column('warehouse', 'analytics.stg_orders', field);
const fct = (field: string) => column('warehouse', 'analytics.fct_revenue_daily', field);
const ltv = (field: string) => column('warehouse', 'analytics.customer_ltv', field);
const raw = (table: string, field: string) => column('warehouse', `raw.${table}`, field);
const staging = (table: string, field: string) => column('staging', `staging.${table}`, field);
const executive = (field: string) => column('looker', 'dashboards.executive_revenue', field);
const segments = (field: string) => column('looker', 'dashboards.customer_segments', field);
const STG_V2 = ['order_id', 'customer_id', 'amount', 'currency', 'status', 'placed_date'];
const LTV = ['customer_id', 'user_key', 'lifetime_value', 'last_seen', 'order_rank', 'segment'];
const FCT = ['day', 'currency', 'revenue', 'order_count'];

describe('descendants in the sample flow (kafka → staging → warehouse raw → dbt → dashboards)', () => {
  const cases: Array<[string, string, boolean, string[]]> = [
    [
      'orders.amount_cents, all edges',
      column('kafka', 'orders', 'amount_cents'),
      false,
      [
        staging('orders', 'amount_cents'),
        raw('orders', 'amount_cents'),
        stg('amount'),
        fct('revenue'),
        ltv('lifetime_value'),
        ltv('segment'),
        executive('revenue'),
        segments('segment'),
      ],
    ],
    [
      'orders.amount_cents, DIRECT only (no CONDITIONAL segment)',
      column('kafka', 'orders', 'amount_cents'),
      true,
      [
        staging('orders', 'amount_cents'),
        raw('orders', 'amount_cents'),
        stg('amount'),
        fct('revenue'),
        ltv('lifetime_value'),
        executive('revenue'),
      ],
    ],
    [
      'orders.status, all edges (a dataset-wide FILTER reaches every column after it)',
      column('kafka', 'orders', 'status'),
      false,
      [
        staging('orders', 'status'),
        raw('orders', 'status'),
        ...STG_V2.map(stg),
        ...FCT.map(fct),
        ...LTV.map(ltv),
        executive('day'),
        executive('currency'),
        executive('revenue'),
        segments('segment'),
        segments('customers'),
      ],
    ],
    [
      'orders.status, DIRECT only',
      column('kafka', 'orders', 'status'),
      true,
      [staging('orders', 'status'), raw('orders', 'status'), stg('status')],
    ],
    [
      'stg_orders.is_refunded (dropped by the re-run), all edges',
      stg('is_refunded'),
      false,
      [...FCT.map(fct), executive('day'), executive('currency'), executive('revenue')],
    ],
    ['stg_orders.is_refunded, DIRECT only', stg('is_refunded'), true, []],
    [
      'user-events.user_id, all edges (masked, and the JOIN key)',
      column('kafka', 'user-events', 'user_id'),
      false,
      [
        staging('user_events', 'user_id'),
        raw('user_events', 'user_id'),
        ...LTV.map(ltv),
        segments('segment'),
        segments('customers'),
      ],
    ],
    [
      'user-events.user_id, DIRECT only',
      column('kafka', 'user-events', 'user_id'),
      true,
      [staging('user_events', 'user_id'), raw('user_events', 'user_id'), ltv('user_key')],
    ],
    [
      'orders.coupon_code: the failed run’s new lineage is not there',
      column('kafka', 'orders', 'coupon_code'),
      false,
      [staging('orders', 'coupon_code'), raw('orders', 'coupon_code')],
    ],
  ];

  it.each(cases)('%s', (_name, start, directOnly, expected) => {
    expect(ids(findDescendants(graph, [start], { directOnly }))).toEqual([...expected].sort());
  });

  it('walks ancestors the same way', () => {
    expect(ids(findAncestors(graph, [executive('revenue')]))).toEqual(
      [
        fct('revenue'),
        stg('amount'),
        stg('is_refunded'),
        raw('orders', 'amount_cents'),
        raw('orders', 'status'),
        staging('orders', 'amount_cents'),
        staging('orders', 'status'),
        column('kafka', 'orders', 'amount_cents'),
        column('kafka', 'orders', 'status'),
      ].sort(),
    );
  });

  it('limits the walk by depth and gives each column its shortest path', () => {
    const reached = findDescendants(graph, [column('kafka', 'orders', 'amount_cents')], { depth: 3 });
    expect(ids(reached)).toEqual(
      [staging('orders', 'amount_cents'), raw('orders', 'amount_cents'), stg('amount')].sort(),
    );
    const revenue = findDescendants(graph, [column('kafka', 'orders', 'amount_cents')]).find(
      (column) => column.nodeId === executive('revenue'),
    )!;
    expect(revenue.depth).toBe(5);
    expect(revenue.path).toEqual([
      column('kafka', 'orders', 'amount_cents'),
      staging('orders', 'amount_cents'),
      raw('orders', 'amount_cents'),
      stg('amount'),
      fct('revenue'),
      executive('revenue'),
    ]);
    expect(revenue.via).toEqual({
      type: 'DIRECT',
      subtypes: ['IDENTITY'],
      job: jobNodeId(NS.looker, 'refresh.executive_revenue'),
    });
    expect(revenue.streaming).toBe(true);
  });

  it('marks what flows out of a column that left its schema as dangling', () => {
    const fromDropped = findDescendants(graph, [stg('is_refunded')]);
    expect(fromDropped.every((column) => column.dangling)).toBe(true);
    expect(findDescendants(graph, [stg('amount')]).some((column) => column.dangling)).toBe(false);
    // The one breakage in the flow: fct_revenue_daily still filters on a column stg_orders no longer has.
    expect(findDanglingColumns(graph)).toEqual([
      {
        nodeId: stg('is_refunded'),
        namespace: NS.warehouse,
        name: 'analytics.stg_orders',
        field: 'is_refunded',
        consumers: 4,
      },
    ]);
  });

  it('rolls columns up to datasets, nearest first', () => {
    const datasets = rollUpDatasets(findDescendants(graph, [column('kafka', 'orders', 'amount_cents')]));
    expect(datasets.map((dataset) => [dataset.name, dataset.depth, dataset.fields.length])).toEqual([
      ['staging.orders', 1, 1],
      ['raw.orders', 2, 1],
      ['analytics.stg_orders', 3, 1],
      ['analytics.fct_revenue_daily', 4, 1],
      ['analytics.customer_ltv', 4, 2],
      ['dashboards.executive_revenue', 5, 1],
      ['dashboards.customer_segments', 5, 1],
    ]);
  });
});

describe('building the graph', () => {
  it('keeps namespace, name and field as attributes (namespaces hold colons) under Marquez-style ids', () => {
    const node = graph.getNodeAttributes(fieldNodeId(NS.kafka, 'orders', 'amount_cents')) as FieldNode;
    expect(node).toMatchObject({ kind: 'field', namespace: NS.kafka, name: 'orders', field: 'amount_cents' });
    expect(fieldNodeId(NS.kafka, 'orders', 'amount_cents')).toBe(
      'datasetField:kafka://kafka.charter.local:9092:orders:amount_cents',
    );
    expect(node.dataset).toBe(datasetNodeId(NS.kafka, 'orders'));
  });

  it('takes a dataset’s columns from its latest schema and keeps a dropped column, marked', () => {
    const stgOrders = graph.getNodeAttributes(datasetNodeId(NS.warehouse, 'analytics.stg_orders')) as DatasetNode;
    expect(stgOrders.fields).toEqual(STG_V2);
    expect((graph.getNodeAttributes(stg('is_refunded')) as FieldNode).exists).toBe(false);
    // The re-run's lineage replaced the first run's: nothing of this job flows into is_refunded any more.
    expect(graph.inDegree(stg('is_refunded'))).toBe(0);
  });

  it('records runs: a failed run changes no edge and no schema; RUNNING marks a job streaming', () => {
    const ltvJob = graph.getNodeAttributes(jobNodeId('dbt://acme-prod', 'analytics.customer_ltv')) as JobNode;
    expect(ltvJob.lastRun?.state).toBe('FAIL');
    expect(ltvJob.lineageRun?.state).toBe('COMPLETE');
    const ltvDataset = graph.getNodeAttributes(datasetNodeId(NS.warehouse, 'analytics.customer_ltv')) as DatasetNode;
    expect(ltvDataset.fields).toEqual(LTV);
    expect(graph.hasNode(ltv('coupon_usage'))).toBe(false);
    expect((graph.getNodeAttributes(jobNodeId('flink://flink-prod', 'orders_to_staging')) as JobNode).streaming).toBe(
      true,
    );
    expect((graph.getNodeAttributes(jobNodeId('airflow://acme-prod', 'load_raw.orders')) as JobNode).streaming).toBe(
      false,
    );
  });

  it('ignores an older run’s lineage arriving late, and applying the latest again changes nothing', () => {
    const events = readSampleFlow();
    const copy = loadSampleFlow();
    const before = copy.size;
    const firstStgRun = events.find(
      (event) => (event.run as { runId: string }).runId.endsWith('5') && event.eventType === 'COMPLETE',
    )!;
    const late = applyLineageEvent(copy, asRunEvent(firstStgRun));
    expect(late.staleOutputs).toEqual([datasetNodeId(NS.warehouse, 'analytics.stg_orders')]);
    expect(late.edgesAdded).toBe(0);
    const latest = events.find((event) => (event.run as { runId: string }).runId.endsWith('a'))!;
    const again = applyLineageEvent(copy, asRunEvent(latest));
    expect([again.edgesRemoved, again.edgesAdded]).toEqual([12, 12]);
    expect(copy.size).toBe(before);
  });

  it('keeps every column’s downstream list in step with the graph, through replacements and merges', () => {
    const copy = loadSampleFlow();
    for (const raw of readSampleFlow()) applyLineageEvent(copy, asRunEvent(raw)); // everything again, partly stale
    copy.forEachNode((id, node) => {
      if (node.kind !== 'field') return;
      const fromGraph = copy
        .filterOutEdges(id, (_key, edge) => edge.kind === 'column')
        .map((key) => {
          const edge = copy.getEdgeAttributes(key) as ColumnEdge;
          return `${copy.target(key)} ${edge.type} ${JSON.stringify(edge)}`;
        })
        .sort();
      const fromList = downstreamOf(copy, node).map(
        ({ target, type, edge }) => `${target.id} ${type} ${JSON.stringify(edge)}`,
      );
      expect(columnIndexOf(copy).columns[node.index]).toBe(node);
      fromList.sort();
      expect([id, fromList]).toEqual([id, fromGraph]);
    });
  });

  it('survives cycles', () => {
    const copy = loadSampleFlow();
    applyLineageEvent(copy, {
      kind: 'dataset',
      eventTime: '2026-12-03T00:00:00Z',
      producer: 'https://example.com',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent',
      dataset: {
        namespace: NS.warehouse,
        name: 'raw.orders',
        facets: {
          columnLineage: {
            _producer: 'https://example.com',
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
            fields: {
              amount_cents: {
                inputFields: [{ namespace: NS.warehouse, name: 'analytics.fct_revenue_daily', field: 'revenue' }],
              },
            },
          },
        },
      },
    });
    // raw.amount_cents → … → fct.revenue → raw.amount_cents: each column once, the start not among its descendants.
    const reached = ids(findDescendants(copy, [raw('orders', 'amount_cents')]));
    expect(reached).toContain(fct('revenue'));
    expect(reached).not.toContain(raw('orders', 'amount_cents'));
    expect(new Set(reached).size).toBe(reached.length);
    expect(ids(findDescendants(copy, [fct('revenue')]))).toContain(raw('orders', 'amount_cents'));
  });
});
