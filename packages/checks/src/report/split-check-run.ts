import type { CheckResult, CheckRunDocument } from './check-run';
import { createCheckRun } from './create-check-run';

export interface SplitCheckRunOptions {
  /** The version of each contract the results name (`meta.contract`); a contract without one is not split off. */
  versionOf: (contract: string) => string | undefined;
  /** A fresh run id per contract's run (uuid). */
  newRunId: () => string;
}

/**
 * A run over several contracts (a dbt check) as one run per contract, as the registry keeps them: each with its own
 * run_id, `contract` set, its results in run order, and success and statistics recomputed from them. Results that name
 * no contract, or one whose version is unknown, are returned apart.
 */
export function splitCheckRunByContract(
  doc: CheckRunDocument,
  options: SplitCheckRunOptions,
): { runs: CheckRunDocument[]; unassigned: CheckResult[] } {
  const byContract = new Map<string, CheckResult[]>();
  const unassigned: CheckResult[] = [];
  for (const result of doc.results) {
    const contract = result.meta?.contract;
    if (contract === undefined || contract === '' || options.versionOf(contract) === undefined) {
      unassigned.push(result);
      continue;
    }
    const group = byContract.get(contract);
    if (group) group.push(result);
    else byContract.set(contract, [result]);
  }
  const runs = [...byContract].map(([contract, results]) =>
    createCheckRun({
      kind: doc.kind,
      runId: options.newRunId(),
      startedAt: new Date(doc.started_at),
      finishedAt: new Date(doc.finished_at),
      contract: { id: contract, version: options.versionOf(contract)! },
      source: doc.source,
      results,
    }),
  );
  return { runs, unassigned };
}
