// Test helper: what the CI gate talks to, for real — a git repository whose `main` holds the sample contracts, a
// registry they were applied to, and a lineage service reading the same contracts with the sample flow ingested.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { type IssuedKey, issueKey, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { applyContractsDirectory, authorizationHeader } from '../../src';
import { GitFixture } from '../git-fixture';

/** A file of the repository's own contracts/ (relative to it). */
export const readContract = (file: string) => readFileSync(path.join(CONTRACTS_DIR, file), 'utf8');

export const ORDERS_DIR = 'contracts/orders/schemas/orders-value';
export const EVENTS_DIR = 'contracts/user-events/schemas/user-events-value';

export interface GateStack {
  fixture: GitFixture;
  registry: TestRegistry;
  lineage: TestLineage;
  /** Keys by role (`ci`, `team:orders`…), issued by the registry's admin. */
  keys: Record<string, IssuedKey>;
  close(): Promise<void>;
}

export const keyOf = (key: IssuedKey) => `${key.id}:${key.secret}`;

/**
 * Commits the sample contracts on `main` (with `overrides`, path → text, e.g. a contract as it should be on main),
 * applies them to a fresh registry, starts lineage on the same contracts, ingests the sample flow and issues `roles`.
 */
export async function startGateStack(
  options: { overrides?: Record<string, string>; roles?: string[] } = {},
): Promise<GateStack> {
  const fixture = new GitFixture();
  const files: Record<string, string> = {
    'contracts/ownership.yaml': readContract('ownership.yaml'),
    'contracts/env.yaml': readContract('env.yaml'),
    'contracts/lineage/assets.yaml': readContract('lineage/assets.yaml'),
    'contracts/orders/contract.odcs.yaml': readContract('orders/contract.odcs.yaml'),
    'contracts/user-events/contract.odcs.yaml': readContract('user-events/contract.odcs.yaml'),
  };
  for (const version of [1, 2, 3])
    files[`${ORDERS_DIR}/v${version}.avsc`] = readContract(`orders/schemas/orders-value/v${version}.avsc`);
  for (const version of [1, 2])
    files[`${EVENTS_DIR}/v${version}.json`] = readContract(`user-events/schemas/user-events-value/v${version}.json`);
  fixture.write({ ...files, ...options.overrides });
  fixture.commit('contracts as they are on main');

  const registry = await startTestRegistry();
  const applied = await applyContractsDirectory({
    root: path.join(fixture.dir, 'contracts'),
    registryUrl: registry.url,
    headers: authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` }),
  });
  if (!applied.ok) throw new Error(`the sample contracts did not apply: ${JSON.stringify(applied)}`);
  const lineage = await startTestLineage({
    registryUrl: registry.url,
    env: { CHARTER_CONTRACTS_DIR: path.join(fixture.dir, 'contracts') },
  });
  for (const event of JSON.parse(readContract('lineage/sample-flow.json')) as unknown[]) {
    const response = await fetch(`${lineage.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: registry.admin },
      body: JSON.stringify(event),
    });
    if (response.status !== 201) throw new Error(`lineage refused a sample event: ${response.status}`);
  }
  const keys: Record<string, IssuedKey> = {};
  for (const role of options.roles ?? ['ci']) keys[role] = (await issueKey(registry.http, role)).key;
  return {
    fixture,
    registry,
    lineage,
    keys,
    close: async () => {
      await lineage.close();
      await registry.close();
      fixture.remove();
    },
  };
}
