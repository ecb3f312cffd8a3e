import { randomUUID } from 'node:crypto';
import type { CheckRunDocument } from '@charter/checks';
import type { Contract } from '@charter/contracts';
import { postCheckRun } from '../checkpoint/post-check-run';

/**
 * `charter dbt check --report`: the registry keeps a run per contract, so the dbt run is split by each result's
 * `meta.contract` (its own run_id, `contract` with the version checked against, statistics recomputed) and each part
 * posted. Every part is tried; results naming no contract are not kept (said on stderr). Returns false when a post
 * failed (the command exits 2, as checkpoint's --report does), with the registry's message on stderr.
 */
export async function reportPerContract(
  document: CheckRunDocument,
  contracts: Contract[],
  registry: { registryUrl: string; headers: Record<string, string> },
  stderr: { write(text: string): unknown },
): Promise<boolean> {
  const { splitCheckRunByContract } = await import('@charter/checks');
  const versions = new Map(contracts.map((contract) => [contract.id, contract.version]));
  const { runs, unassigned } = splitCheckRunByContract(document, {
    versionOf: (id) => versions.get(id),
    newRunId: randomUUID,
  });
  if (unassigned.length > 0) {
    stderr.write(
      `note: ${unassigned.length} result(s) name no contract checked here and are not kept: ${unassigned
        .slice(0, 5)
        .map((result) => result.id)
        .join(', ')}${unassigned.length > 5 ? ', …' : ''}\n`,
    );
  }
  let ok = true;
  for (const run of runs) {
    try {
      const posted = await postCheckRun({ ...registry, run });
      stderr.write(
        `kept on ${registry.registryUrl} as check run ${posted.id} (contract ${run.contract!.id})${posted.omitted > 0 ? `; ${posted.omitted} result(s) left out, passing ones first` : ''}\n`,
      );
    } catch (error) {
      stderr.write(`charter dbt check: report-failed: contract ${run.contract!.id}: ${(error as Error).message}\n`);
      ok = false;
    }
  }
  return ok;
}
