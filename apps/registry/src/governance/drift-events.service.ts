import type { Actor } from '../auth/principal';
import { CheckRunErrors } from '../errors/check-run.errors';
import type { DriftEventDocument } from '../http/drift-event.dto';
import { encodeCursor, type HistoryQuery } from '../http/history-query.dto';
import type { DriftEventRecord, DriftEventRepository } from '../storage/drift-event.repository';
import { type AuditService, auditEntry } from './audit.service';
import { authorizeContractReport } from './authorize-contract-report';
import type { CheckNotifier } from './check-notifier';
import type { ContractsService } from './contracts.service';
import { hashDocument } from './hash-document';

/** A stored drift event: the posted fields, who reported it and when it was stored. */
export type DriftEventView = Omit<DriftEventDocument, 'contract_version'> & {
  contract_version: string | null;
  reported_by: { key: string; team: string | null };
  created_at: string;
};

const ACTION = 'drift.record';

/**
 * Drift events (`POST /drift-events`): kept beside check runs, listed per contract newest first, idempotent by event
 * id. Each new event notifies the contract's owners.
 */
export class DriftEventsService {
  constructor(
    private readonly repository: DriftEventRepository,
    private readonly contracts: Pick<ContractsService, 'get'>,
    private readonly audit: AuditService,
    private readonly notifier: Pick<CheckNotifier, 'driftDetected'>,
  ) {}

  async record(actor: Actor, event: DriftEventDocument): Promise<{ view: DriftEventView; isNew: boolean }> {
    const contract = await authorizeContractReport(this.contracts, this.audit, actor, {
      action: ACTION,
      contractId: event.contract,
      reportId: event.event_id,
    });
    const documentHash = hashDocument(event);
    const existing = await this.repository.find(event.event_id);
    if (existing) return { view: replayed(existing, documentHash), isNew: false };
    const { principal } = actor;
    const stored = await this.repository.insert(
      {
        id: event.event_id,
        contractId: contract.id,
        contractVersion: event.contract_version ?? null,
        source: event.source,
        field: event.field,
        test: event.test,
        statistic: event.statistic,
        threshold: event.threshold,
        window: event.window,
        baseline: event.baseline,
        detectedAt: new Date(event.detected_at),
        documentHash,
        reportedByKey: principal.keyId,
        reportedByTeam: principal.team ?? null,
      },
      auditEntry(actor, {
        action: ACTION,
        targetType: 'contract',
        target: contract.id,
        after: {
          eventId: event.event_id,
          field: event.field,
          test: event.test,
          statistic: event.statistic,
          threshold: event.threshold,
        },
      }),
    );
    if (!stored) {
      const winner = await this.repository.find(event.event_id);
      if (!winner) throw CheckRunErrors.driftConflict(event.event_id);
      return { view: replayed(winner, documentHash), isNew: false };
    }
    await this.notifier.driftDetected(event, { id: contract.id, team: contract.team });
    return { view: present(stored), isNew: true };
  }

  /** GET /contracts/{id}/drift-events: newest first; `next` continues with older events. */
  async listForContract(
    contractId: string,
    query: HistoryQuery,
  ): Promise<{ events: DriftEventView[]; next: string | null }> {
    await this.contracts.get(contractId);
    const rows = await this.repository.listForContract(contractId, { limit: query.limit, before: query.before });
    const last = rows.at(-1);
    return { events: rows.map(present), next: rows.length === query.limit && last ? encodeCursor(last) : null };
  }
}

function replayed(existing: DriftEventRecord, documentHash: string): DriftEventView {
  if (existing.documentHash !== documentHash) throw CheckRunErrors.driftConflict(existing.id);
  return present(existing);
}

function present(record: DriftEventRecord): DriftEventView {
  return {
    event_id: record.id,
    contract: record.contractId,
    contract_version: record.contractVersion,
    source: record.source,
    field: record.field,
    test: record.test as DriftEventView['test'],
    statistic: record.statistic,
    threshold: record.threshold,
    window: record.window,
    baseline: record.baseline,
    detected_at: record.detectedAt.toISOString(),
    reported_by: { key: record.reportedByKey, team: record.reportedByTeam },
    created_at: record.createdAt.toISOString(),
  };
}
