// Test helper: the console as a user meets it — a real registry with the repository's contracts/ applied, a real
// lineage service with the sample flow ingested (so `orders-value` v1→v3 and the executive dashboard exist), and the
// console server serving the built SPA and proxying both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyContractsDirectory, authorizationHeader } from '@charter/cli';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { type IssuedKey, issueKey, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import pino from 'pino';
import { loadWebConfig } from '../server/config/web-config';
import { createWebServer, type WebServer } from '../server/create-web-server';
import { APP_DIR, ensureConsoleBuilt } from './console-build';

export interface ConsoleStack {
  registry: TestRegistry;
  lineage: TestLineage;
  web: WebServer;
  /** The console's URL (http://127.0.0.1:<port>). */
  url: string;
  /** `<keyId>:<secret>` of the registry's admin key: what a user pastes into the sign-in page. */
  adminKey: string;
  /** Keys by role (`reader`, `team:orders`…), as typed into the sign-in page. */
  keys: Record<string, string>;
  /** Issues another key (e.g. one to revoke). */
  issue(role: string, name?: string): Promise<IssuedKey>;
  close(): Promise<void>;
}

export const keyText = (key: { id: string; secret: string }) => `${key.id}:${key.secret}`;

/** A console server (the built SPA) in front of the given services, on a free port. */
export async function startConsoleServer(options: {
  registryUrl: string;
  lineageUrl: string;
}): Promise<{ web: WebServer; url: string }> {
  await ensureConsoleBuilt();
  const config = loadWebConfig(
    {
      CHARTER_WEB_PORT: '0',
      CHARTER_REGISTRY_URL: options.registryUrl,
      CHARTER_LINEAGE_URL: options.lineageUrl,
      CHARTER_WEB_APP_DIR: APP_DIR,
      CHARTER_ACCESS_LOG: 'off',
      LOG_FORMAT: 'json',
    },
    { cwd: process.cwd(), isTerminal: false },
  );
  const web = await createWebServer(config, pino({ level: process.env.LOG_LEVEL ?? 'silent' }));
  await web.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = web.fastify.server.address();
  return { web, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Starts the whole stack; `roles` are issued as keys up front. */
export async function startConsoleStack(
  options: { roles?: string[]; lineageUrl?: string } = {},
): Promise<ConsoleStack> {
  const built = ensureConsoleBuilt();
  const registry = await startTestRegistry();
  let lineage: TestLineage | undefined;
  let web: WebServer | undefined;
  try {
    const adminKey = `${registry.adminKey.keyId}:${registry.adminKey.secret}`;
    const applied = await applyContractsDirectory({
      root: CONTRACTS_DIR,
      registryUrl: registry.url,
      headers: authorizationHeader({ key: adminKey }),
    });
    if (!applied.ok) throw new Error(`the sample contracts did not apply: ${JSON.stringify(applied)}`);
    lineage = await startTestLineage({ registryUrl: registry.url });
    const events = JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'lineage', 'sample-flow.json'), 'utf8'));
    for (const event of events as unknown[]) {
      const response = await fetch(`${lineage.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: registry.admin },
        body: JSON.stringify(event),
      });
      if (response.status !== 201) throw new Error(`lineage refused a sample event: ${response.status}`);
    }
    const keys: Record<string, string> = {};
    for (const role of options.roles ?? []) keys[role] = keyText((await issueKey(registry.http, role)).key);
    await built;
    const server = await startConsoleServer({
      registryUrl: registry.url,
      lineageUrl: options.lineageUrl ?? lineage.url,
    });
    web = server.web;
    const url = server.url;
    const started = { registry, lineage, web };
    return {
      ...started,
      url,
      adminKey,
      keys,
      issue: async (role, name) => (await issueKey(registry.http, role, name)).key,
      close: async () => {
        await started.web.close();
        await started.lineage.close();
        await started.registry.close();
      },
    };
  } catch (error) {
    await web?.close();
    await lineage?.close();
    await registry.close();
    throw error;
  }
}
