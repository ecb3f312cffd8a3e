import {
  type AppliedEvent,
  applyLineageEvent,
  assessImpact,
  type ChangedField,
  createLineageGraph,
  findDanglingColumns,
  type ImpactReport,
  type LineageEvent,
  type LineageGraph,
  type SeverityPolicy,
  validateOpenLineageEvent,
} from '@charter/lineage-core';
import type { LineageEventRepository } from '../storage/lineage-event.repository';
import type { AssetCatalog } from './asset-catalog';
import { LineageErrors } from './lineage.errors';
import { type MarquezNode, presentColumnLineage, presentLineage } from './marquez-presenter';

const MAX_DEPTH = 100;
/** At most this many events per write. */
const MAX_BATCH = 500;
/** Events waiting for a write beyond this are refused (503, retriable) rather than held without bound. */
const MAX_PENDING = 20_000;

export type IngestOutcome = AppliedEvent & { duplicate: boolean };

const DUPLICATE: IngestOutcome = {
  duplicate: true,
  builtLineage: false,
  edgesAdded: 0,
  edgesRemoved: 0,
  staleOutputs: [],
};

interface PendingEvent {
  event: LineageEvent;
  resolve(outcome: IngestOutcome): void;
  reject(error: unknown): void;
}

/**
 * The one column graph of this process. Every accepted event is stored, then applied, in the order stored, so a
 * restart that replays the log rebuilds the same graph; applying is synchronous, so a query never sees half an
 * event. An invalid event is refused with every violation and changes nothing.
 */
export class LineageService {
  readonly graph: LineageGraph = createLineageGraph();
  private readonly pending: PendingEvent[] = [];
  private flushing = false;
  /** Events in the log: replayed at start plus accepted since. */
  private stored = 0;

  constructor(
    private readonly repository: LineageEventRepository,
    private readonly assets: AssetCatalog,
    private readonly policy: SeverityPolicy,
    private readonly maxEventBytes: number,
  ) {}

  /** Replays the stored events (at start). */
  async rebuild(): Promise<{ events: number }> {
    let events = 0;
    for await (const stored of this.repository.readInOrder()) {
      applyLineageEvent(this.graph, stored.event);
      events++;
    }
    this.stored = events;
    return { events };
  }

  /**
   * POST /api/v1/lineage. Events arriving while a write is in flight are stored together in the next one (a group
   * commit, in arrival order) and applied in that order once stored; each caller is answered after its event is both
   * stored and applied. The same event sent again (a retry) is a duplicate and changes nothing.
   */
  ingest(body: unknown): Promise<IngestOutcome> {
    const { event, violations } = validateOpenLineageEvent(body, { maxBytes: this.maxEventBytes });
    if (!event) return Promise.reject(LineageErrors.invalidEvent(violations));
    if (this.pending.length >= MAX_PENDING) return Promise.reject(LineageErrors.busy(this.pending.length));
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      void this.flush();
    });
  }

  /**
   * Writes batches one at a time, in arrival order; while one is being written, the one written before it is applied.
   * The next write starts only once the previous one has committed, so the log's order (ids) is the order applied.
   */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      let batch = this.pending.splice(0, MAX_BATCH);
      let written = this.write(batch);
      while (batch.length > 0) {
        const stored = await written;
        const next = this.pending.splice(0, MAX_BATCH);
        // Started before applying: the database works on the next batch while this process applies this one.
        written = this.write(next);
        this.apply(batch, stored);
        batch = next;
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Stores a batch; on failure its callers get the error and the batch counts as stored by nobody. */
  private async write(batch: PendingEvent[]): Promise<boolean[] | undefined> {
    if (batch.length === 0) return [];
    try {
      return await this.repository.appendMany(batch.map(({ event }) => event));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return undefined;
    }
  }

  private apply(batch: PendingEvent[], stored: boolean[] | undefined): void {
    if (!stored) return;
    for (const [index, waiting] of batch.entries()) {
      if (!stored[index]) {
        waiting.resolve(DUPLICATE);
        continue;
      }
      this.stored++;
      // Applying a validated event does not fail; if it ever did, that caller gets the error and the rest go on.
      try {
        waiting.resolve({ duplicate: false, ...applyLineageEvent(this.graph, waiting.event) });
      } catch (error) {
        waiting.reject(error);
      }
    }
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
      events: this.stored,
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
