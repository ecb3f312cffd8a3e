import type { Contract } from '@charter/contracts';
import { isDbtAdapter } from '../adapter/dbt-adapter';
import { DbtInputError } from '../dbt-errors';
import type { DbtCatalog, DbtManifest } from '../manifest/dbt-manifest';
import { planDbtModel } from '../model/plan-dbt-model';
import { bindDbtModels, type DbtModelBinding } from './bind-dbt-models';
import { checkDbtModel } from './check-dbt-model';
import type { DbtCheckResult } from './dbt-check-result';

export interface DbtCheckOutcome {
  /** Every check, passed or not, model by model in unique-id order. */
  results: DbtCheckResult[];
  bindings: Array<Pick<DbtModelBinding, 'via'> & { model: string; contract: string; object: string }>;
}

/**
 * Checks every model of a manifest that is bound to one of the contracts (see bindDbtModels) against the model that
 * contract asks for, and with a catalog against the warehouse as built. Binding problems (a model naming an unknown
 * contract, a model bound twice, a contract listing a model the manifest lacks) are failed checks too.
 */
export function checkDbtManifest(options: {
  manifest: DbtManifest;
  contracts: readonly Contract[];
  catalog?: DbtCatalog;
}): DbtCheckOutcome {
  const { manifest, catalog } = options;
  const adapter = manifest.adapter && isDbtAdapter(manifest.adapter) ? manifest.adapter : undefined;
  const { bindings, problems } = bindDbtModels(manifest.models, options.contracts);
  const results: DbtCheckResult[] = [];
  const bound: DbtCheckOutcome['bindings'] = [];
  for (const problem of problems) {
    results.push({
      id: problem.model ? `model.${problem.model.label}.binding` : `contract.${problem.contract}.dbt_models`,
      success: false,
      severity: 'error',
      expectation_config: {
        expectation_type: 'expect_dbt_model_bound_to_contract',
        kwargs: {
          ...(problem.model ? { model: problem.model.label } : {}),
          ...(problem.contract ? { contract: problem.contract } : {}),
        },
      },
      result: {},
      message: problem.message,
      meta: {
        ...(problem.contract ? { contract: problem.contract } : {}),
        ...(problem.model ? { model: problem.model.label } : {}),
      },
    });
  }
  for (const binding of bindings) {
    let plan: ReturnType<typeof planDbtModel>;
    try {
      plan = planDbtModel({
        contract: binding.contract,
        object: binding.object,
        model: binding.model.name,
        adapter,
      });
    } catch (error) {
      if (!(error instanceof DbtInputError)) throw error;
      results.push({
        id: `model.${binding.model.label}.binding`,
        success: false,
        severity: 'error',
        expectation_config: {
          expectation_type: 'expect_dbt_model_bound_to_contract',
          kwargs: { model: binding.model.label, contract: binding.contract.id },
        },
        result: {},
        message: `${binding.model.label}: ${error.message}`,
        meta: { contract: binding.contract.id, model: binding.model.label },
      });
      continue;
    }
    bound.push({ model: binding.model.label, contract: binding.contract.id, object: plan.object, via: binding.via });
    const built = catalog ? (catalog.get(binding.model.uniqueId) ?? null) : undefined;
    results.push(...checkDbtModel({ model: binding.model, plan, adapter: manifest.adapter, built }));
  }
  return { results, bindings: bound };
}
