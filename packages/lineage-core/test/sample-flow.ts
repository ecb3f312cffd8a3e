import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyLineageEvent } from '../src/graph/apply-lineage-event';
import { createLineageGraph, type LineageGraph } from '../src/graph/lineage-graph';
import { fieldNodeId } from '../src/graph/node-ids';
import type { LineageEvent } from '../src/openlineage/openlineage-event';
import { validateOpenLineageEvent } from '../src/openlineage/validate-openlineage-event';

export const SAMPLE_FLOW_FILE = path.resolve(__dirname, '..', '..', '..', 'contracts', 'lineage', 'sample-flow.json');

export const NS = {
  kafka: 'kafka://kafka.charter.local:9092',
  staging: 'postgres://staging-db.charter.local:5432',
  warehouse: 'snowflake://acme.eu-west-1',
  looker: 'looker://acme.looker.com',
} as const;

/** The sample flow's raw events, in the order they happened. */
export function readSampleFlow(): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(SAMPLE_FLOW_FILE, 'utf8'));
}

/** A raw event through Charter's validator; the sample flow is valid OpenLineage, so any violation fails the test. */
export function asRunEvent(raw: Record<string, unknown>): LineageEvent {
  const { event, violations } = validateOpenLineageEvent(raw);
  if (!event) throw new Error(`invalid sample event: ${JSON.stringify(violations)}`);
  return event;
}

export function loadSampleFlow(): LineageGraph {
  const graph = createLineageGraph();
  for (const raw of readSampleFlow()) applyLineageEvent(graph, asRunEvent(raw));
  return graph;
}

/** `kafka.orders.amount_cents` style shorthand → field node id. */
export function column(namespace: keyof typeof NS, dataset: string, field: string): string {
  return fieldNodeId(NS[namespace], dataset, field);
}
