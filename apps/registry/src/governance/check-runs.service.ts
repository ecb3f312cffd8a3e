import type { Actor } from '../auth/principal';
import { CheckRunErrors } from '../errors/check-run.errors';
import type { CheckRunDocument } from '../http/check-run.dto';
import { encodeCursor, type HistoryQuery } from '../http/history-query.dto';
import type { CheckRunRecord, CheckRunRepository, CheckRunStatistics } from '../storage/check-run.repository';
import { type AuditService, auditEntry } from './audit.service';
import { authorizeContractReport } from './authorize-contract-report';
import type { CheckNotifier } from './check-notifier';
import { findRunContract, findRunInconsistencies, summarizeResults } from './check-run-consistency';
import type { ContractsService } from './contracts.service';
import { hashDocument } from './hash-document';

/** A stored run without its results: what POST /checks answers and GET /contracts/{id}/checks lists. */
export interface CheckRunSummary {
  id: string;
  run_id: string;
  kind: string;
  success: boolean;
  contract: { id: string; version: string };
  source: { type: string; name: string };
  started_at: string;
  finished_at: string;
  statistics: CheckRunStatistics;
  reported_by: { key: string; team: string | null };
  created_at: string;
}

const ACTION = 'check.record';

/**
 * Check runs (`POST /checks`): kept whole (bounded by the DTO), listed per contract newest first, idempotent by run
 * id. The registry recomputes a run's statistics and success from its results and refuses a run whose posted ones
 * disagree (422), so what is stored always adds up. A new failing run notifies the contract's owners.
 */
export class CheckRunsService {
  constructor(
    private readonly repository: CheckRunRepository,
    private readonly contracts: Pick<ContractsService, 'get'>,
    private readonly audit: AuditService,
    private readonly notifier: Pick<CheckNotifier, 'checkFailed'>,
  ) {}

  async record(actor: Actor, run: CheckRunDocument): Promise<{ summary: CheckRunSummary; isNew: boolean }> {
    const inconsistencies = findRunInconsistencies(run);
    if (inconsistencies.length > 0) {
      const shown = inconsistencies
        .slice(0, 5)
        .map(
          ({ field, posted, recomputed }) =>
            `${field} is ${JSON.stringify(posted)}, the results give ${JSON.stringify(recomputed)}`,
        );
      throw CheckRunErrors.inconsistent(shown.join('; '), { inconsistencies: inconsistencies.slice(0, 50) });
    }
    const target = findRunContract(run);
    if ('problem' in target) throw CheckRunErrors.invalidCheckRun(target.problem);
    const contract = await authorizeContractReport(this.contracts, this.audit, actor, {
      action: ACTION,
      contractId: target.id,
      reportId: run.run_id,
    });
    const documentHash = hashDocument(run);
    const existing = await this.repository.find(run.run_id);
    if (existing) return { summary: this.replayed(existing, documentHash), isNew: false };

    const statistics = summarizeResults(run.results);
    const version = target.version ?? contract.version;
    const { principal } = actor;
    const stored = await this.repository.insert(
      {
        id: run.run_id,
        contractId: contract.id,
        contractVersion: version,
        kind: run.kind,
        sourceType: run.source.type,
        sourceName: run.source.name,
        success: run.success,
        startedAt: new Date(run.started_at),
        finishedAt: new Date(run.finished_at),
        statistics,
        documentHash,
        document: run as unknown as Record<string, unknown>,
        reportedByKey: principal.keyId,
        reportedByTeam: principal.team ?? null,
      },
      auditEntry(actor, {
        action: ACTION,
        targetType: 'contract',
        target: contract.id,
        after: { runId: run.run_id, version, kind: run.kind, success: run.success, source: run.source, statistics },
      }),
    );
    if (!stored) {
      // A concurrent post of the same run id landed first.
      const winner = await this.repository.find(run.run_id);
      if (!winner) throw CheckRunErrors.conflict(run.run_id);
      return { summary: this.replayed(winner, documentHash), isNew: false };
    }
    if (!run.success)
      await this.notifier.checkFailed(run, { id: contract.id, version, team: contract.team }, statistics);
    return { summary: present(stored), isNew: true };
  }

  /** GET /contracts/{id}/checks: newest first; `next` continues with older runs (null on the last page). */
  async listForContract(
    contractId: string,
    query: HistoryQuery,
  ): Promise<{ checks: CheckRunSummary[]; next: string | null }> {
    await this.contracts.get(contractId);
    const rows = await this.repository.listForContract(contractId, { limit: query.limit, before: query.before });
    const last = rows.at(-1);
    return { checks: rows.map(present), next: rows.length === query.limit && last ? encodeCursor(last) : null };
  }

  /** GET /checks/{runId}: the run's document as it was posted. */
  async get(runId: string): Promise<Record<string, unknown>> {
    const document = UUID.test(runId) ? await this.repository.findDocument(runId.toLowerCase()) : undefined;
    if (!document) throw CheckRunErrors.notFound(runId);
    return document;
  }

  private replayed(existing: CheckRunRecord, documentHash: string): CheckRunSummary {
    if (existing.documentHash !== documentHash) throw CheckRunErrors.conflict(existing.id);
    return present(existing);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function present(record: CheckRunRecord): CheckRunSummary {
  return {
    id: record.id,
    run_id: record.id,
    kind: record.kind,
    success: record.success,
    contract: { id: record.contractId, version: record.contractVersion },
    source: { type: record.sourceType, name: record.sourceName },
    started_at: record.startedAt.toISOString(),
    finished_at: record.finishedAt.toISOString(),
    statistics: record.statistics,
    reported_by: { key: record.reportedByKey, team: record.reportedByTeam },
    created_at: record.createdAt.toISOString(),
  };
}
