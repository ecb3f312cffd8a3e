import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '../../src/testing';

export { CONTRACTS_DIR, LINEAGE_MIGRATIONS, startTestLineage, type TestLineage } from '../../src/testing';

/** JSON over HTTP with an Authorization header; never throws on 4xx. */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  authorization: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A key of `role` from the registry (it issues the keys lineage checks), as the Authorization header to send. */
export async function issueKey(registry: { url: string; admin: string }, role: string): Promise<string> {
  const { status, body } = await call<{ id: string; secret: string }>(`${registry.url}/keys`, 'POST', registry.admin, {
    name: role,
    role,
  });
  if (status !== 201) throw new Error(`could not issue a ${role} key: ${JSON.stringify(body)}`);
  return `Bearer ${body.id}.${body.secret}`;
}

/** The sample flow's OpenLineage events (contracts/lineage/sample-flow.json). */
export const SAMPLE_FLOW: Array<Record<string, unknown>> = JSON.parse(
  readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'),
);

export interface LineageStack {
  readonly registry: TestRegistry;
  readonly lineage: TestLineage;
}

/** A registry and a lineage service checking keys with it, for the whole test file (started in beforeAll). */
export function useLineageStack(options: { registryEnv?: Record<string, string> } = {}): LineageStack {
  let started: LineageStack | undefined;
  beforeAll(async () => {
    // The real registry: it issues the API keys the lineage service checks.
    const registry = await startTestRegistry({ env: options.registryEnv });
    started = { registry, lineage: await startTestLineage({ registryUrl: registry.url }) };
  });
  afterAll(async () => {
    await started?.lineage.close();
    await started?.registry.close();
  });
  const current = (): LineageStack => {
    if (!started) throw new Error('the lineage stack starts in beforeAll');
    return started;
  };
  return {
    get registry() {
      return current().registry;
    },
    get lineage() {
      return current().lineage;
    },
  };
}
