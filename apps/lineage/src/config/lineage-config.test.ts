import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@charter/service-host';
import { loadLineageConfig } from './lineage-config';

const dir = mkdtempSync(path.join(tmpdir(), 'charter-lineage-config-'));
const ROUTES = path.join(dir, 'routes.yaml');
writeFileSync(
  ROUTES,
  `endpoints:
  hook: { channel: webhook, url: "\${HOOK_URL}", secret: "\${HOOK_SECRET}" }
teams:
  orders: [hook]
`,
);
const SECRETS = { HOOK_URL: 'https://hooks.example/charter', HOOK_SECRET: 'a-webhook-secret-of-at-least-32-chars' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadLineageConfig(env, dir);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadLineageConfig: breach notifications', () => {
  it('reads the routes file, Redis and the public URL', () => {
    const config = loadLineageConfig(
      {
        CHARTER_NOTIFY_ROUTES: 'routes.yaml',
        REDIS_URL: 'redis://127.0.0.1:6379',
        CHARTER_LINEAGE_PUBLIC_URL: 'https://lineage.acme.example/',
        ...SECRETS,
      },
      dir,
    );
    expect(config.notifications).toEqual({
      routes: {
        endpoints: { hook: { channel: 'webhook', url: SECRETS.HOOK_URL, secret: SECRETS.HOOK_SECRET } },
        teams: { orders: ['hook'] },
        fallback: [],
      },
      maxAttempts: 8,
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'charter:lineage:' },
    });
    expect(config.publicUrl).toBe('https://lineage.acme.example');
  });

  it('sends none without a routes file, and links to where it listens', () => {
    const config = loadLineageConfig({ CHARTER_LINEAGE_PORT: '5005' }, dir);
    expect(config.notifications).toBeUndefined();
    expect(config.publicUrl).toBe('http://127.0.0.1:5005');
  });

  it.each([
    ['routes without Redis', { CHARTER_NOTIFY_ROUTES: 'routes.yaml', ...SECRETS }, /set REDIS_URL/],
    ['a routes file that is not there', { CHARTER_NOTIFY_ROUTES: 'nowhere.yaml', REDIS_URL: 'redis://r' }, /ENOENT/],
    [
      'a variable the routes need, unset',
      { CHARTER_NOTIFY_ROUTES: 'routes.yaml', REDIS_URL: 'redis://r', HOOK_SECRET: SECRETS.HOOK_SECRET },
      /HOOK_URL is not set/,
    ],
  ])('refuses %s, naming the variable', (_what, env, problem) => {
    const problems = problemsOf(env);
    expect(problems).toEqual([expect.stringMatching(problem)]);
    expect(problems.join()).not.toContain(SECRETS.HOOK_SECRET);
  });
});
