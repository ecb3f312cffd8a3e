import type { BreachProblem, BreachRole, NewBreach } from '../breaches/find-event-breaches';
import type { PrismaClient } from '../generated/prisma/client';
import { translateStoreError } from './translate-store-error';

/** GET /api/v1/breaches and a dataset's breaches, as `http/breach.dto.ts` reads the query. */
export interface BreachQuery {
  contract?: string;
  /** A dataset (`name` set) or every dataset of a namespace. */
  dataset?: { namespace: string; name?: string };
  /** Breaches seen (last) at or after this time. */
  since?: Date;
  /** Continue with breaches recorded before this id (the previous page's `next`). */
  before?: bigint;
  limit: number;
}

/** A recorded breach, as the API answers it: what was found, and when and how often it was seen. */
export interface BreachRecord extends Omit<NewBreach, 'fingerprint'> {
  id: string;
  firstSeenAt: string;
  lastSeenAt: string;
  seenCount: number;
}

/** The `contract_breaches` table: breaches kept by fingerprint, queried newest first. */
export class ContractBreachRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records breaches in one statement (fingerprints must be distinct): a new fingerprint is inserted, a known one
   * has `last_seen_at` moved and `seen_count` raised by `seen`. Returns the ids of the breaches seen for the first time.
   */
  record(breaches: ReadonlyArray<{ breach: NewBreach; seen: number }>): Promise<Map<string, bigint>> {
    const rows = breaches.map(({ breach, seen }) => ({
      fingerprint: breach.fingerprint,
      contract_id: breach.contract.id,
      contract_version: breach.contract.version,
      contract_team: breach.contract.team,
      severity_tier: breach.contract.severityTier,
      dataset_namespace: breach.dataset.namespace,
      dataset_name: breach.dataset.name,
      role: breach.role,
      job_namespace: breach.job?.namespace ?? null,
      job_name: breach.job?.name ?? null,
      run_id: breach.runId,
      event_type: breach.eventType,
      event_time: breach.eventTime,
      problems: breach.problems,
      seen_count: seen,
    }));
    return translateStoreError(async () => {
      // xmax is 0 on a row this statement inserted, and set on one it updated.
      const stored = await this.prisma.$queryRaw<Array<{ id: bigint; fingerprint: string; inserted: boolean }>>`
        INSERT INTO contract_breaches (fingerprint, contract_id, contract_version, contract_team, severity_tier,
          dataset_namespace, dataset_name, role, job_namespace, job_name, run_id, event_type, event_time, problems,
          seen_count)
        SELECT r.fingerprint, r.contract_id, r.contract_version, r.contract_team, r.severity_tier, r.dataset_namespace,
          r.dataset_name, r.role, r.job_namespace, r.job_name, r.run_id, r.event_type, r.event_time, r.problems,
          r.seen_count
        FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(fingerprint text, contract_id text,
          contract_version text, contract_team text, severity_tier text, dataset_namespace text, dataset_name text,
          role text, job_namespace text, job_name text, run_id text, event_type text, event_time timestamptz,
          problems jsonb, seen_count integer)
        ON CONFLICT (fingerprint) DO UPDATE
          SET last_seen_at = now(), seen_count = contract_breaches.seen_count + excluded.seen_count
        RETURNING id, fingerprint, (xmax = 0) AS inserted`;
      return new Map(stored.filter((row) => row.inserted).map((row) => [row.fingerprint, row.id]));
    });
  }

  /** Breaches matching the query, newest (highest id) first, at most `limit`. */
  async find(query: BreachQuery): Promise<BreachRecord[]> {
    const rows = await translateStoreError(() =>
      this.prisma.contractBreach.findMany({
        where: {
          contractId: query.contract,
          datasetNamespace: query.dataset?.namespace,
          datasetName: query.dataset?.name,
          lastSeenAt: query.since === undefined ? undefined : { gte: query.since },
          id: query.before === undefined ? undefined : { lt: query.before },
        },
        orderBy: { id: 'desc' },
        take: query.limit,
      }),
    );
    return rows.map((row) => ({
      id: row.id.toString(),
      contract: {
        id: row.contractId,
        version: row.contractVersion,
        team: row.contractTeam,
        severityTier: row.severityTier,
      },
      dataset: { namespace: row.datasetNamespace, name: row.datasetName },
      role: row.role as BreachRole,
      job:
        row.jobNamespace !== null && row.jobName !== null ? { namespace: row.jobNamespace, name: row.jobName } : null,
      runId: row.runId,
      eventType: row.eventType,
      eventTime: row.eventTime.toISOString(),
      problems: row.problems as unknown as BreachProblem[],
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      seenCount: row.seenCount,
    }));
  }
}
