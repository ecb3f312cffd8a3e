import type { Contract } from '@charter/contracts';
import { CONTRACT_META_KEY, OBJECT_META_KEY } from '../generate/render-dbt-properties';
import type { DbtModel } from '../manifest/dbt-manifest';
import { contractObjects, defaultModelNames } from '../model/plan-dbt-model';

/** The contract customProperty naming the dbt models a contract governs (`value`: names, unique ids or objects). */
export const DBT_MODELS_PROPERTY = 'dbtModels';

/** How a model came to be bound, strongest first. */
export type BindingVia = 'meta' | 'custom-property' | 'server' | 'name';

export interface DbtModelBinding {
  model: DbtModel;
  contract: Contract;
  /** The schema object it binds; undefined lets the plan pick the contract's only object. */
  object?: string;
  via: BindingVia;
}

export interface DbtBindingProblem {
  code: 'contract-not-found' | 'binding-ambiguous' | 'model-not-found';
  /** The model (contract-not-found, binding-ambiguous) or the contract (model-not-found) it is about. */
  model?: DbtModel;
  contract?: string;
  message: string;
}

interface Candidate {
  contract: Contract;
  object?: string;
}

const WAREHOUSE_SERVER_TYPES = new Set([
  'postgres',
  'postgresql',
  'snowflake',
  'bigquery',
  'redshift',
  'databricks',
  'duckdb',
  'trino',
  'sqlserver',
  'synapse',
  'mysql',
  'oracle',
  'clickhouse',
]);

/**
 * Binds each model of a manifest to at most one contract, by the first rule that names one:
 * 1. the model's `meta.charter_contract` (and `meta.charter_object`), as `charter dbt generate` writes it;
 * 2. the contract's customProperty `dbtModels` listing the model (name, versioned label or unique id);
 * 3. a warehouse server of the contract (postgres, snowflake, bigquery…) whose database and schema (BigQuery: project
 *    and dataset) are the model's, and a schema object whose physicalName or name is the model's alias or name;
 * 4. the model's name equal to a schema object's physicalName or name (or the id of a one-object contract).
 * Rules 2–4 naming two contracts make the model ambiguous (a problem, not a guess); models no rule binds are left out.
 */
export function bindDbtModels(
  models: readonly DbtModel[],
  contracts: readonly Contract[],
): { bindings: DbtModelBinding[]; problems: DbtBindingProblem[] } {
  const bindings: DbtModelBinding[] = [];
  const problems: DbtBindingProblem[] = [];
  const byId = new Map(contracts.map((contract) => [contract.id, contract]));
  for (const model of models) {
    const named = model.meta[CONTRACT_META_KEY];
    if (typeof named === 'string' && named) {
      const contract = byId.get(named);
      const object = model.meta[OBJECT_META_KEY];
      if (contract) bindings.push({ model, contract, ...(typeof object === 'string' ? { object } : {}), via: 'meta' });
      else
        problems.push({
          code: 'contract-not-found',
          model,
          contract: named,
          message: `${model.label}: meta.${CONTRACT_META_KEY} names contract ${named}, which is not among the contracts checked`,
        });
      continue;
    }
    for (const [via, rule] of RULES) {
      const candidates = unique(contracts.flatMap((contract) => rule(model, contract)));
      if (candidates.length === 0) continue;
      if (candidates.length === 1) bindings.push({ model, ...candidates[0]!, via });
      else
        problems.push({
          code: 'binding-ambiguous',
          model,
          message: `${model.label}: bound by ${via} to ${candidates.map(describe).join(' and ')}; set meta.${CONTRACT_META_KEY} on the model`,
        });
      break;
    }
  }
  for (const contract of contracts) {
    for (const entry of listedModels(contract)) {
      if (!models.some((model) => matchesListed(model, entry.model)))
        problems.push({
          code: 'model-not-found',
          contract: contract.id,
          message: `contract ${contract.id} lists dbt model ${entry.model} (customProperties.${DBT_MODELS_PROPERTY}), which is not in the manifest`,
        });
    }
  }
  return { bindings, problems };
}

const RULES: Array<[BindingVia, (model: DbtModel, contract: Contract) => Candidate[]]> = [
  [
    'custom-property',
    (model, contract) =>
      listedModels(contract)
        .filter((entry) => matchesListed(model, entry.model))
        .map((entry) => ({ contract, ...(entry.object ? { object: entry.object } : {}) })),
  ],
  [
    'server',
    (model, contract) => {
      const servers = ((contract.document.servers ?? []) as Array<Record<string, unknown>>).filter((server) =>
        WAREHOUSE_SERVER_TYPES.has(String(server.type ?? '').toLowerCase()),
      );
      const atModel = servers.some(
        (server) =>
          sameName(server.database ?? server.project, model.database) &&
          sameName(server.schema ?? server.dataset, model.schema),
      );
      if (!atModel) return [];
      const relation = model.alias ?? model.name;
      return contractObjects(contract)
        .filter((object) => [object.physicalName, object.name].some((name) => sameName(name, relation)))
        .map((object) => ({ contract, object: object.name }));
    },
  ],
  [
    'name',
    (model, contract) => {
      const objects = contractObjects(contract);
      const byObject = objects
        .filter((object) => defaultModelNames(object).includes(model.name))
        .map((object) => ({ contract, object: object.name }));
      if (byObject.length > 0) return byObject;
      return objects.length === 1 && contract.id === model.name ? [{ contract }] : [];
    },
  ],
];

function listedModels(contract: Contract): Array<{ model: string; object?: string }> {
  const entries = (contract.document.customProperties ?? []) as Array<{ property?: string; value?: unknown }>;
  const value = entries.find((entry) => entry.property === DBT_MODELS_PROPERTY)?.value;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((item) => {
    if (typeof item === 'string' && item) return [{ model: item }];
    if (item && typeof item === 'object' && typeof (item as { model?: unknown }).model === 'string') {
      const { model, object } = item as { model: string; object?: unknown };
      return [{ model, ...(typeof object === 'string' ? { object } : {}) }];
    }
    return [];
  });
}

function matchesListed(model: DbtModel, listed: string): boolean {
  return listed === model.name || listed === model.label || listed === model.uniqueId;
}

function sameName(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function unique(candidates: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const candidate of candidates) seen.set(`${candidate.contract.id}\u0000${candidate.object ?? ''}`, candidate);
  return [...seen.values()];
}

function describe(candidate: Candidate): string {
  return `contract ${candidate.contract.id}${candidate.object ? ` (${candidate.object})` : ''}`;
}
