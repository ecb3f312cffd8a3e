// Test helpers over the fixtures: the sample contracts of the repository, the acme_shop dbt project, JSON patches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Contract, parseContract } from '@charter/contracts';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const PROJECT = join(FIXTURES, 'acme-shop');
export const SAMPLE_CONTRACTS = join(__dirname, '..', '..', '..', 'contracts');

/** A contract of the repository's contracts/ (orders, user-events), parsed and validated. */
export function sampleContract(id: string): Contract {
  const file = join(SAMPLE_CONTRACTS, id, 'contract.odcs.yaml');
  const { contract, problems } = parseContract(readFileSync(file, 'utf8'), { file });
  if (!contract) throw new Error(`sample contract ${id}: ${JSON.stringify(problems)}`);
  return contract;
}

export function readProjectFile(name: string): string {
  return readFileSync(join(PROJECT, name), 'utf8');
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

/** RFC 6902 add / remove / replace over a JSON value (a copy); a path that does not resolve throws. */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  const copy = structuredClone(document) as unknown;
  for (const { op, path, value } of operations) {
    const keys = path
      .split('/')
      .slice(1)
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent = copy as Record<string, unknown>;
    for (const key of keys) {
      if (typeof parent[key] !== 'object' || parent[key] === null)
        throw new Error(`patch ${op} ${path}: ${key} not found`);
      parent = parent[key] as Record<string, unknown>;
    }
    if (op !== 'add' && !(last in parent)) throw new Error(`patch ${op} ${path}: ${last} not found`);
    if (op === 'remove') delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return copy as T;
}
