import { createHash } from 'node:crypto';
import type { ContractFieldProblem, DatasetContracts } from '@charter/enforcement';
import type { LineageDataset, LineageEvent } from '@charter/lineage-core';

/** Where in the event the dataset's schema was reported. */
export type BreachRole = 'input' | 'output' | 'dataset';

/** One problem of a breach, as stored and answered (the contract-field check's, without the file). */
export type BreachProblem = Pick<ContractFieldProblem, 'code' | 'field' | 'message' | 'path'> &
  Partial<Pick<ContractFieldProblem, 'consumer' | 'expected' | 'actual'>>;

/** A breach an event shows: what breaks which contract, and who reported it. */
export interface NewBreach {
  /** The dedupe key: the same problems by the same reporter (job and run) for the same contract version. */
  fingerprint: string;
  contract: { id: string; version: string; team: string; severityTier: string };
  dataset: { namespace: string; name: string };
  role: BreachRole;
  job: { namespace: string; name: string } | null;
  runId: string | null;
  eventType: string | null;
  eventTime: string;
  problems: BreachProblem[];
}

/**
 * The contract breaches in an accepted event: for every input and output (or the dataset of a dataset event) with a
 * `schema` facet that a contract governs, the contract-field check of @charter/enforcement. A dataset no contract
 * governs costs one map lookup.
 */
export function findEventBreaches(event: LineageEvent, contracts: DatasetContracts): NewBreach[] {
  if (contracts.size === 0) return [];
  const reported: Array<[BreachRole, LineageDataset]> =
    event.kind === 'dataset'
      ? [['dataset', event.dataset]]
      : [
          ...event.inputs.map((dataset): [BreachRole, LineageDataset] => ['input', dataset]),
          ...event.outputs.map((dataset): [BreachRole, LineageDataset] => ['output', dataset]),
        ];
  const job = event.kind === 'dataset' ? null : { namespace: event.job.namespace, name: event.job.name };
  const runId = event.kind === 'run' ? event.run.runId : null;
  const eventType = event.kind === 'run' ? (event.eventType ?? null) : null;
  const breaches: NewBreach[] = [];
  for (const [role, dataset] of reported) {
    const facet = dataset.facets?.schema;
    if (facet === undefined) continue;
    for (const breach of contracts.checkSchemaFacet(dataset, facet)) {
      const problems = breach.problems.map(
        ({ code, field, message, path, consumer, expected, actual }): BreachProblem => ({
          code,
          field,
          message,
          path,
          ...(consumer === undefined ? {} : { consumer }),
          ...(expected === undefined ? {} : { expected }),
          ...(actual === undefined ? {} : { actual }),
        }),
      );
      const found = {
        contract: breach.contract,
        dataset: breach.dataset,
        role,
        job,
        runId,
        eventType,
        eventTime: event.eventTime,
        problems,
      };
      breaches.push({ fingerprint: fingerprintOf(found), ...found });
    }
  }
  return breaches;
}

function fingerprintOf(breach: Omit<NewBreach, 'fingerprint'>): string {
  const key = [
    breach.contract.id,
    breach.contract.version,
    breach.dataset.namespace,
    breach.dataset.name,
    breach.role,
    breach.job?.namespace ?? null,
    breach.job?.name ?? null,
    breach.runId,
    breach.problems.map((problem) => [problem.code, problem.field, problem.consumer ?? null, problem.actual ?? null]),
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}
