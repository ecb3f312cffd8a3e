import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import type { DatasetContract } from '@charter/enforcement';
import { type Asset, type AssetLookup, datasetNodeId } from '@charter/lineage-core';
import { parse } from 'yaml';
import { z } from 'zod';

/** `contracts/lineage/assets.yaml`: datasets that are not contracts but matter (dashboards, owned tables). */
export const ASSETS_FILE = path.join('lineage', 'assets.yaml');

const assetsSchema = z
  .object({
    assets: z.array(
      z
        .object({
          namespace: z.string().min(1),
          name: z.string().min(1),
          team: z.string().min(1).optional(),
          dashboard: z
            .object({ id: z.string().min(1), executive: z.boolean().default(false) })
            .strict()
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

export interface AssetCatalog {
  lookup: AssetLookup;
  /** The contracts read, with their files: the datasets they govern are checked for breaches. */
  contracts: DatasetContract[];
  /** The OpenLineage datasets of the contract binding a registry subject (empty when none does). */
  datasetsOfSubject(subject: string): Array<{ namespace: string; name: string }>;
  size: number;
  problems: string[];
}

/**
 * What impact needs to know of datasets: from every contract, the OpenLineage datasets it governs (`lineage`) with
 * its team and tier; from `lineage/assets.yaml`, dashboards and owned tables. The contracts themselves are kept for
 * the contract-breach check. Problems are reported, not thrown: a
 * service with a partial catalog still judges impact (conservatively: unknown owners are nobody's).
 */
export async function loadAssetCatalog(contractsDir: string): Promise<AssetCatalog> {
  const assets = new Map<string, Asset>();
  const bySubject = new Map<string, Array<{ namespace: string; name: string }>>();
  const problems: string[] = [];
  const contracts: DatasetContract[] = [];
  const loaded = await readContractsDirectory(contractsDir).catch((error: unknown) => {
    problems.push(`contracts: ${(error as Error).message}`);
    return undefined;
  });
  for (const problem of loaded?.problems ?? []) problems.push(`${problem.file}: ${problem.message}`);
  for (const { contract, file } of loaded?.contracts ?? []) {
    contracts.push({ contract, file: path.relative(contractsDir, file) });
    const datasets = contract.lineage.map(({ namespace, name }) => ({ namespace, name }));
    for (const { subject } of contract.subjects) bySubject.set(subject, datasets);
    for (const dataset of contract.lineage) {
      assets.set(datasetNodeId(dataset.namespace, dataset.name), {
        team: contract.team,
        contract: { id: contract.id, tier: contract.severityTier },
      });
    }
  }
  const file = path.join(contractsDir, ASSETS_FILE);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const parsed = assetsSchema.safeParse(safeParse(text));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: /${issue.path.join('/')} ${issue.message}`);
    } else {
      for (const asset of parsed.data.assets) {
        const id = datasetNodeId(asset.namespace, asset.name);
        assets.set(id, { ...assets.get(id), team: asset.team ?? assets.get(id)?.team, dashboard: asset.dashboard });
      }
    }
  }
  return {
    lookup: (dataset) => assets.get(dataset),
    contracts,
    datasetsOfSubject: (subject) => bySubject.get(subject) ?? [],
    size: assets.size,
    problems,
  };
}

function safeParse(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 100 });
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}
