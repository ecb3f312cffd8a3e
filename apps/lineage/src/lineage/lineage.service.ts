import {
  assessImpact,
  type ChangedField,
  createLineageGraph,
  findDanglingColumns,
  type ImpactReport,
  type LineageEvent,
  type LineageGraph,
  type SeverityPolicy,
} from '@charter/lineage-core';
import type { LineageEventRepository } from '../storage/lineage-event.repository';
import type { AssetCatalog } from './asset-catalog';
import { LineageErrors } from './lineage.errors';
import { type IngestOutcome, LineageLog } from './lineage-log';
import { type MarquezNode, presentColumnLineage, presentLineage } from './marquez-presenter';

/** GET /api/v1/lineage and /api/v1/column-lineage, as `http/lineage.dto.ts` reads the query. */
export interface NodeQuery {
  nodeId: string;
  depth: number;
  /** Column lineage: also the columns downstream of the node. */
  withDownstream: boolean;
}

/** POST /impact, as `http/lineage.dto.ts` reads the body: datasets' changed fields, or a subject's. */
export interface ImpactRequest {
  subject?: string;
  changes: Array<{ namespace?: string; name?: string; field: string; change: string }>;
  changedBy?: string;
  directOnly?: boolean;
  depth?: number;
}

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
    /** Told of each event this process accepted, once stored and applied (the contract-breach check). */
    onAccepted?: (event: LineageEvent) => void,
  ) {
    this.log = new LineageLog(this.graph, repository, maxEventBytes, onAccepted);
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

  lineage(query: NodeQuery): { graph: MarquezNode[] } {
    this.assertNode(query.nodeId);
    return presentLineage(this.graph, query.nodeId, query.depth);
  }

  columnLineage(query: NodeQuery): { graph: MarquezNode[] } {
    this.assertNode(query.nodeId);
    return presentColumnLineage(this.graph, query.nodeId, query.depth, query.withDownstream);
  }

  /**
   * POST /impact: `{ changes: [{ namespace, name, field, change }] }`, or `{ subject, changes: [{ field, change }] }`
   * for the datasets of the contract binding that subject; `changedBy`, `directOnly`, `depth` optional.
   */
  impact(request: ImpactRequest): ImpactReport & { subject?: string } {
    let changes = request.changes as ChangedField[];
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

  private assertNode(nodeId: string): void {
    if (!this.graph.hasNode(nodeId)) throw LineageErrors.nodeNotFound(nodeId);
  }
}
