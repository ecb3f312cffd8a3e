import {
  assessImpact,
  type ChangedField,
  createLineageGraph,
  findDanglingColumns,
  type ImpactReport,
  type LineageGraph,
  type SeverityPolicy,
} from '@charter/lineage-core';
import type { LineageEventRepository } from '../storage/lineage-event.repository';
import type { AssetCatalog } from './asset-catalog';
import { LineageErrors } from './lineage.errors';
import { type IngestOutcome, LineageLog } from './lineage-log';
import { type MarquezNode, presentColumnLineage, presentLineage } from './marquez-presenter';

const MAX_DEPTH = 100;

/**
 * The one column graph of this process, fed by its event log (`LineageLog`: store, then apply, in log order; what
 * other replicas store is followed), and the queries over it: Marquez's lineage views, impact, stats.
 */
export class LineageService {
  readonly graph: LineageGraph = createLineageGraph();
  private readonly log: LineageLog;

  constructor(
    repository: LineageEventRepository,
    private readonly assets: AssetCatalog,
    private readonly policy: SeverityPolicy,
    maxEventBytes: number,
  ) {
    this.log = new LineageLog(this.graph, repository, maxEventBytes);
  }

  /** Replays the stored events (at start). */
  rebuild(): Promise<{ events: number }> {
    return this.log.rebuild();
  }

  /** Applies what other replicas stored since the last look; returns how many events. */
  follow(): Promise<number> {
    return this.log.follow();
  }

  /** POST /api/v1/lineage: validated, stored, applied (see `LineageLog.ingest`). */
  ingest(body: unknown): Promise<IngestOutcome> {
    return this.log.ingest(body);
  }

  lineage(query: Record<string, string | undefined>): { graph: MarquezNode[] } {
    const { nodeId, depth } = this.readNodeQuery(query);
    return presentLineage(this.graph, nodeId, depth);
  }

  columnLineage(query: Record<string, string | undefined>): { graph: MarquezNode[] } {
    const { nodeId, depth } = this.readNodeQuery(query);
    return presentColumnLineage(this.graph, nodeId, depth, query.withDownstream === 'true');
  }

  /**
   * POST /impact: `{ changes: [{ namespace, name, field, change }] }`, or `{ subject, changes: [{ field, change }] }`
   * for the datasets of the contract binding that subject; `changedBy`, `directOnly`, `depth` optional.
   */
  impact(body: unknown): ImpactReport & { subject?: string } {
    const request = readImpactRequest(body);
    let changes: ChangedField[] = request.changes as ChangedField[];
    if (request.subject !== undefined) {
      const datasets = this.assets.datasetsOfSubject(request.subject);
      changes = datasets.flatMap((dataset) =>
        request.changes.map((change) => ({ ...dataset, field: change.field, change: change.change })),
      );
    }
    const report = assessImpact(
      this.graph,
      { changes, changedBy: request.changedBy, directOnly: request.directOnly, depth: request.depth },
      this.assets.lookup,
      this.policy,
    );
    return request.subject === undefined ? report : { ...report, subject: request.subject };
  }

  stats() {
    let datasets = 0;
    let columns = 0;
    let jobs = 0;
    this.graph.forEachNode((_id, node) => {
      if (node.kind === 'dataset') datasets++;
      else if (node.kind === 'field') columns++;
      else jobs++;
    });
    return {
      datasets,
      columns,
      jobs,
      edges: this.graph.size,
      events: this.log.events,
      dangling: findDanglingColumns(this.graph),
    };
  }

  private readNodeQuery(query: Record<string, string | undefined>): { nodeId: string; depth: number } {
    const nodeId = query.nodeId;
    if (nodeId === undefined || nodeId === '') throw LineageErrors.invalidRequest('nodeId is required');
    const depth = query.depth === undefined ? 20 : Number(query.depth);
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH) {
      throw LineageErrors.invalidRequest(`depth must be an integer from 0 to ${MAX_DEPTH}`);
    }
    if (!this.graph.hasNode(nodeId)) throw LineageErrors.nodeNotFound(nodeId);
    return { nodeId, depth };
  }
}

interface ImpactBody {
  subject?: string;
  changes: Array<{ namespace?: string; name?: string; field: string; change: string }>;
  changedBy?: string;
  directOnly?: boolean;
  depth?: number;
}

function readImpactRequest(body: unknown): ImpactBody {
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : undefined) as
    | Record<string, unknown>
    | undefined;
  if (!value)
    throw LineageErrors.invalidRequest('The body must be an object: { changes: [...] } or { subject, changes }');
  const { subject, changes, changedBy, directOnly, depth } = value;
  if (subject !== undefined && (typeof subject !== 'string' || subject === '')) {
    throw LineageErrors.invalidRequest('subject must be a non-empty string');
  }
  if (!Array.isArray(changes) || changes.length === 0 || changes.length > 1_000) {
    throw LineageErrors.invalidRequest('changes must be a list of 1 to 1000 changed fields');
  }
  changes.forEach((change, index) => {
    const entry = (typeof change === 'object' && change !== null ? change : {}) as Record<string, unknown>;
    const needs = subject === undefined ? ['namespace', 'name', 'field', 'change'] : ['field', 'change'];
    for (const key of needs) {
      if (typeof entry[key] !== 'string' || entry[key] === '') {
        throw LineageErrors.invalidRequest(`changes[${index}].${key} must be a non-empty string`);
      }
    }
  });
  if (changedBy !== undefined && typeof changedBy !== 'string')
    throw LineageErrors.invalidRequest('changedBy must be a string');
  if (directOnly !== undefined && typeof directOnly !== 'boolean') {
    throw LineageErrors.invalidRequest('directOnly must be a boolean');
  }
  if (depth !== undefined && (!Number.isInteger(depth) || (depth as number) < 1 || (depth as number) > MAX_DEPTH)) {
    throw LineageErrors.invalidRequest(`depth must be an integer from 1 to ${MAX_DEPTH}`);
  }
  return value as unknown as ImpactBody;
}
