import {
  type CheckContractFieldsOptions,
  type Contract,
  type ContractFieldProblem,
  checkContractFields,
  findDatasetObject,
  type SeverityTier,
} from '@charter/contracts';
import { readSchemaFacetFields } from './read-schema-facet-fields';

/** A contract and the file it was read from (problems name it). */
export interface DatasetContract {
  contract: Contract;
  file: string;
}

/** An OpenLineage dataset, by its identity. */
export interface DatasetRef {
  namespace: string;
  name: string;
}

/** The ways one dataset's reported schema breaks one contract governing it. */
export interface SchemaBreach {
  dataset: DatasetRef;
  contract: { id: string; version: string; team: string; severityTier: SeverityTier };
  problems: ContractFieldProblem[];
}

/** The contracts governing datasets, compiled once; checking a dataset no contract governs is one map lookup. */
export interface DatasetContracts {
  /** How many datasets some contract governs and describes. */
  readonly size: number;
  /** Datasets a contract governs (`customProperties.lineage`) without saying which schema object describes them. */
  readonly undescribed: ReadonlyArray<{ dataset: DatasetRef; contract: string }>;
  governs(dataset: DatasetRef): boolean;
  /**
   * What a dataset's `schema` facet (OpenLineage SchemaDatasetFacet, read defensively: see readSchemaFacetFields)
   * breaks, one breach per contract governing the dataset; empty when none governs it, the facet says nothing, or the
   * reported fields keep every contract.
   */
  checkSchemaFacet(dataset: DatasetRef, facet: unknown): SchemaBreach[];
}

/**
 * Indexes the datasets each contract governs (`customProperties.lineage`, described by one of its schema objects:
 * see findDatasetObject) for the contract-field check on reported schemas ({@link checkContractFields}, the one the
 * registry runs on a subject's schemas).
 */
export function compileDatasetContracts(contracts: readonly DatasetContract[]): DatasetContracts {
  const byDataset = new Map<string, DatasetContract[]>();
  const undescribed: Array<{ dataset: DatasetRef; contract: string }> = [];
  for (const entry of contracts) {
    for (const { namespace, name } of entry.contract.lineage) {
      const dataset = { namespace, name };
      if (!findDatasetObject(entry.contract, dataset)) {
        undescribed.push({ dataset, contract: entry.contract.id });
        continue;
      }
      const key = datasetKey(dataset);
      const governing = byDataset.get(key) ?? [];
      if (!governing.includes(entry)) governing.push(entry);
      byDataset.set(key, governing);
    }
  }
  return {
    size: byDataset.size,
    undescribed,
    governs: (dataset) => byDataset.has(datasetKey(dataset)),
    checkSchemaFacet(dataset, facet) {
      const governing = byDataset.get(datasetKey(dataset));
      if (!governing) return [];
      const fields = readSchemaFacetFields(facet);
      if (!fields) return [];
      const target: CheckContractFieldsOptions['target'] = { dataset };
      const breaches: SchemaBreach[] = [];
      for (const { contract, file } of governing) {
        const problems = checkContractFields({ contract, target, fields, file });
        if (problems.length === 0) continue;
        breaches.push({
          dataset: { namespace: dataset.namespace, name: dataset.name },
          contract: {
            id: contract.id,
            version: contract.version,
            team: contract.team,
            severityTier: contract.severityTier,
          },
          problems,
        });
      }
      return breaches;
    },
  };
}

function datasetKey(dataset: DatasetRef): string {
  return `${dataset.namespace}\u0000${dataset.name}`;
}
